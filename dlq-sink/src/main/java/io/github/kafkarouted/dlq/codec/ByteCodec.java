package io.github.kafkarouted.dlq.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small byte conversions used by the encoder and decoder. Stateless, thread-safe. */
final class ByteCodec {
  private ByteCodec() {}

  static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** True when the bytes decode as strict UTF-8 (so they survive a round trip through a String). */
  static boolean isValidUtf8(byte[] bytes, int length) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The largest length {@code <= length} that does not split a UTF-8 multi-byte sequence. */
  static int utf8Boundary(byte[] bytes, int length) {
    int cut = length;
    while (cut > 0 && cut < bytes.length && (bytes[cut] & 0xC0) == 0x80) {
      cut--;
    }
    return cut;
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required on every Java platform", e);
    }
  }

  static byte[] intBigEndian(int v) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(v).array();
  }

  static byte[] longBigEndian(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  static int readIntBigEndian(String header, byte[] b) {
    if (b == null || b.length != Integer.BYTES) {
      throw new IllegalArgumentException("header " + header + " must be a 4-byte big-endian int");
    }
    return ByteBuffer.wrap(b).getInt();
  }

  static long readLongBigEndian(String header, byte[] b) {
    if (b == null || b.length != Long.BYTES) {
      throw new IllegalArgumentException("header " + header + " must be an 8-byte big-endian long");
    }
    return ByteBuffer.wrap(b).getLong();
  }

  static long parseDecimal(String header, byte[] b) {
    String s = string(b);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("header " + header + " must be a decimal number, got '" + s + "'", e);
    }
  }
}
