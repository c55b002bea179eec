package io.github.kafkarouted.benchmarks;

/**
 * What the sink does besides routing and sending, in the dispatch and writer-path benchmarks.
 * Validation is strict ({@link SyntheticEvent#SCHEMA_DDL}, no unknown fields); dead letters use
 * the default envelope (native headers, no stack trace).
 */
public enum SinkVariant {
  /** Routing only: no validation, no DLQ. */
  ROUTING(false, 0),
  /** Validation and a DLQ; every row valid. */
  VALIDATION_DLQ(true, 0),
  /** Validation and a DLQ; 1 row in 100 invalid, written as a dead letter. */
  VALIDATION_DLQ_1PCT_INVALID(true, 1);

  private final boolean validationAndDlq;
  private final int invalidPercent;

  SinkVariant(boolean validationAndDlq, int invalidPercent) {
    this.validationAndDlq = validationAndDlq;
    this.invalidPercent = invalidPercent;
  }

  public boolean validationAndDlq() {
    return validationAndDlq;
  }

  /** Whether row {@code index} of the input carries an invalid value. */
  public boolean invalidRow(int index) {
    if (invalidPercent == 0) {
      return false;
    }
    int every = 100 / invalidPercent;
    return index % every == every - 1;
  }
}
