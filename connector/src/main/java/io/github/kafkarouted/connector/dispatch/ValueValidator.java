package io.github.kafkarouted.connector.dispatch;

/** Checks a record value before it is sent; implementations must not throw for bad input. */
@FunctionalInterface
public interface ValueValidator {

  /** Null if {@code value} is valid; otherwise a short message naming the offending field. */
  String validate(byte[] value);
}
