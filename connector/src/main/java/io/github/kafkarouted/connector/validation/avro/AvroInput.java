package io.github.kafkarouted.connector.validation.avro;

/**
 * A cursor over one value's bytes that reads Avro's binary primitives strictly: a varint longer
 * than its type allows, a boolean byte other than 0 or 1, or a read past the end is an {@link
 * AvroFailure}, never an exception of the JDK. Lengths are checked against the bytes left before
 * anything is allocated, so a value that declares 2 GB allocates nothing. One per decoder, reused
 * from value to value; not thread-safe.
 */
final class AvroInput {
  private byte[] bytes;
  private int pos;
  private int end;

  void reset(byte[] value, int offset) {
    this.bytes = value;
    this.pos = offset;
    this.end = value.length;
  }

  byte[] bytes() {
    return bytes;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return end - pos;
  }

  /** Moves past {@code n} bytes that {@link #need} already found present. */
  void skip(int n) {
    pos += n;
  }

  /** Fails unless {@code n} more bytes are there. */
  void need(int n, String what) throws AvroFailure {
    if (n > end - pos) {
      throw truncated(what);
    }
  }

  AvroFailure truncated(String what) {
    return new AvroFailure(": truncated: the value ends at byte " + end + " while reading " + what);
  }

  boolean readBoolean() throws AvroFailure {
    need(1, "a boolean");
    int b = bytes[pos];
    if (b != 0 && b != 1) {
      throw new AvroFailure(
          ": invalid boolean byte 0x" + hex(b) + " at byte " + pos + " (expected 0 or 1)");
    }
    pos++;
    return b == 1;
  }

  /** A zig-zag varint of at most 5 bytes whose value fits 32 bits, as Avro writes an int. */
  int readInt() throws AvroFailure {
    int start = pos;
    int raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= end) {
        throw truncated("an int");
      }
      int b = bytes[pos++];
      // The fifth byte holds the top 4 bits: anything more is an int wider than 32 bits.
      if (shift == 28 && (b & 0xF0) != 0) {
        throw invalidVarint("int", start, 32);
      }
      raw |= (b & 0x7F) << shift;
      if (b >= 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
  }

  /** A zig-zag varint of at most 10 bytes whose value fits 64 bits, as Avro writes a long. */
  long readLong() throws AvroFailure {
    return readLong("a long", false);
  }

  /**
   * As {@link #readLong()}; {@code what} names the number in a truncation message, the length of
   * a {@code what} if {@code isLength} (the message is only concatenated on failure).
   */
  private long readLong(String what, boolean isLength) throws AvroFailure {
    int start = pos;
    long raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= end) {
        throw truncated(isLength ? "a " + what + " length" : what);
      }
      int b = bytes[pos++];
      // The tenth byte holds the top bit: anything more is wider than 64 bits.
      if (shift == 63 && (b & 0xFE) != 0) {
        throw invalidVarint("long", start, 64);
      }
      raw |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
  }

  float readFloat() throws AvroFailure {
    need(4, "a 4-byte float");
    int bits = littleEndian(4);
    return Float.intBitsToFloat(bits);
  }

  double readDouble() throws AvroFailure {
    need(8, "an 8-byte double");
    long low = littleEndian(4) & 0xFFFFFFFFL;
    long high = littleEndian(4) & 0xFFFFFFFFL;
    return Double.longBitsToDouble(high << 32 | low);
  }

  /**
   * The length before a string or bytes, checked: never negative, never more than the bytes left
   * (before the caller allocates anything of that length).
   */
  int readLength(String what) throws AvroFailure {
    int at = pos;
    long length = readLong(what, true);
    if (length < 0) {
      throw new AvroFailure(": negative " + what + " length " + length + " at byte " + at);
    }
    if (length > end - pos) {
      throw new AvroFailure(
          ": declared "
              + what
              + " length "
              + length
              + " at byte "
              + at
              + " exceeds the "
              + (end - pos)
              + " bytes left");
    }
    return (int) length;
  }

  private int littleEndian(int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v |= (bytes[pos++] & 0xFF) << (8 * i);
    }
    return v;
  }

  private static AvroFailure invalidVarint(String type, int start, int bits) {
    return new AvroFailure(
        ": invalid " + type + " encoding at byte " + start + " (a varint wider than " + bits + " bits)");
  }

  static String hex(int b) {
    return String.format("%02x", b & 0xFF);
  }
}
