package io.github.kafkarouted.connector.validation.json;

import io.github.kafkarouted.connector.validation.StrictUtf8;

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
      int sequence = b == 0 ? 0 : StrictUtf8.sequenceLength(bytes, i, length);
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
}
