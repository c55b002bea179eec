package io.github.kafkarouted.connector.validation.json;

/** Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
final class Utf8 {
  private Utf8() {}

  /** Null if {@code bytes} are acceptable JSON text encoding, otherwise why not. */
  static String problem(byte[] bytes) {
    int length = bytes.length;
    if (length >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      return "value starts with a UTF-8 byte order mark, which JSON text must not have";
    }
    int i = 0;
    while (i < length) {
      byte b = bytes[i];
      if (b > 0) { // ASCII other than NUL, by far the common case
        i++;
        continue;
      }
      // A NUL byte is never valid JSON text, and one near the start would make Jackson
      // auto-detect UTF-16/32; either way the value is not UTF-8 JSON.
      int sequence = b == 0 ? 0 : sequenceLength(bytes, i);
      if (sequence == 0) {
        return "value is not valid UTF-8 JSON text: byte 0x"
            + String.format("%02x", b & 0xFF)
            + " at offset "
            + i;
      }
      i += sequence;
    }
    return null;
  }

  /** Length of the well-formed multi-byte sequence at {@code i}, or 0 if there is none. */
  private static int sequenceLength(byte[] bytes, int i) {
    int lead = bytes[i] & 0xFF;
    int length;
    int secondMin = 0x80;
    int secondMax = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      secondMin = lead == 0xE0 ? 0xA0 : 0x80; // overlong
      secondMax = lead == 0xED ? 0x9F : 0xBF; // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      secondMin = lead == 0xF0 ? 0x90 : 0x80; // overlong
      secondMax = lead == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF
    } else {
      return 0;
    }
    if (i + length > bytes.length) {
      return 0;
    }
    int second = bytes[i + 1] & 0xFF;
    if (second < secondMin || second > secondMax) {
      return 0;
    }
    for (int k = 2; k < length; k++) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return 0;
      }
    }
    return length;
  }
}
