package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.dlq.model.DeadLetterReason;

/**
 * A bad record when no DLQ is configured: the task fails, as Spark's kafka sink fails on such a
 * record (like Kafka Connect's {@code errors.tolerance=none}), and the message says how to keep the
 * query running instead.
 */
public final class RejectedRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  RejectedRecordException(DeadLetterReason reason, String message, Throwable cause) {
    super(
        reason
            + ": "
            + message
            + " Set the dlq.topic option to send such records to a dead-letter topic instead of"
            + " failing the query.",
        cause);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
