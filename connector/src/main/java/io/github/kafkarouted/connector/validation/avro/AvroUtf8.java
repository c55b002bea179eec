package io.github.kafkarouted.connector.validation.avro;

import io.github.kafkarouted.connector.validation.StrictUtf8;

/**
 * Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) over a range of
 * a value's bytes. Avro strings must be UTF-8; Avro's own reader does not check, Spark would carry
 * the bad bytes on as a broken string.
 */
final class AvroUtf8 {
  private AvroUtf8() {}

  /** The offset (from {@code from}) of the first byte that is not well-formed UTF-8, or -1. */
  static int firstInvalid(byte[] bytes, int from, int length) {
    int end = from + length;
    int i = from;
    while (i < end) {
      if (bytes[i] >= 0) { // ASCII, by far the common case
        i++;
        continue;
      }
      int sequence = StrictUtf8.sequenceLength(bytes, i, end);
      if (sequence == 0) {
        return i - from;
      }
      i += sequence;
    }
    return -1;
  }
}
