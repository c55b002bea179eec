package io.github.kafkarouted.connector.dispatch;

/** A record could not be written to Kafka; the task fails so that Spark retries it. */
public final class KafkaSendException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  KafkaSendException(Exception cause) {
    super("Writing to Kafka failed: " + cause.getMessage(), cause);
  }
}
