package io.github.kafkarouted.connector.validation;

/**
 * Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), one
 * multi-byte sequence at a time: the formats' own scans (JSON text, Avro strings) call it for each
 * byte that is not ASCII. Stateless.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /** Length of the well-formed multi-byte sequence at {@code i}, or 0 if there is none. */
  public static int sequenceLength(byte[] bytes, int i, int end) {
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
    if (i + length > end) {
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
