package io.github.kafkarouted.connector.quality;

/** A batch broke the error budget: it fails instead of committing (see {@link ErrorBudget}). */
public final class ErrorBudgetExceededException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public ErrorBudgetExceededException(String message) {
    super(message);
  }
}
