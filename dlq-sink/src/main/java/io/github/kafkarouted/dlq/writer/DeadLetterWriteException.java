package io.github.kafkarouted.dlq.writer;

/**
 * A dead letter could not be written to the DLQ topic. Thrown from the task so that it fails and
 * Spark retries it: a row must never be dropped because its dead letter was lost. Unchecked.
 */
public final class DeadLetterWriteException extends RuntimeException {
  private final String dlqTopic;

  public DeadLetterWriteException(String dlqTopic, String detail, Throwable cause) {
    super(
        "Failed to write a dead letter to DLQ topic '" + dlqTopic + "' (" + detail + "): "
            + cause.getClass().getName() + ": " + cause.getMessage()
            + ". Failing the task so Spark retries it and no row is lost.",
        cause);
    this.dlqTopic = dlqTopic;
  }

  /** The DLQ topic the write was for. */
  public String dlqTopic() {
    return dlqTopic;
  }
}
