package io.github.kafkarouted.connector.validation;

import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Turns record values into typed rows, validating them in the same pass: value bytes in, the
 * decoded row or the reason the value is invalid out. One per task; not thread-safe, and the row it
 * returns is reused by the next call.
 */
public interface ValueDecoder {

  /**
   * Decodes {@code value}; never throws for bad input.
   *
   * @return null if the value is valid (then {@link #decoded()} holds it), otherwise a short message
   *     naming the offending field, such as {@code field 'user.id': expected bigint, got string "abc"}
   */
  String decode(byte[] value);

  /**
   * The last value that {@link #decode} accepted, as a row of the format's schema holding the
   * requested {@link DecodedFields}; overwritten by the next call.
   */
  InternalRow decoded();
}
