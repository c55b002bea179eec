package io.github.kafkarouted.dlq.codec;

/**
 * A dead letter cannot fit the DLQ producer's {@code max.request.size} even with its value cut to
 * nothing. Like any DLQ write failure it must fail the task, never be swallowed.
 */
public final class DeadLetterTooLargeException extends IllegalStateException {
  public DeadLetterTooLargeException(String message) {
    super(message);
  }
}
