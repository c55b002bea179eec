package io.github.kafkarouted.connector.quality;

/** A row broke a rule whose action is {@code fail}: the task (and so the query) fails. */
public final class RuleViolationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RuleViolationException(String message) {
    super(message);
  }
}
