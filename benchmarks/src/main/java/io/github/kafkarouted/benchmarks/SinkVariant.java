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
  VALIDATION_DLQ_1PCT_INVALID(true, 1),
  /**
   * Validation and a DLQ, the routes written on the decoded value ({@code data.kind}, {@code
   * data.amount}) instead of columns extracted upstream; every row valid. Writer path only.
   */
  VALUE_ROUTING_DLQ(true, 0, true, false),
  /**
   * As {@link #VALUE_ROUTING_DLQ}, the values in Avro binary ({@code validation.format=avro},
   * {@link SyntheticEvent#AVRO_SCHEMA}) instead of JSON. Writer path only.
   */
  AVRO_VALUE_ROUTING_DLQ(true, 0, true, true);

  private final boolean validationAndDlq;
  private final int invalidPercent;
  private final boolean routesOnValue;
  private final boolean avro;

  SinkVariant(boolean validationAndDlq, int invalidPercent) {
    this(validationAndDlq, invalidPercent, false, false);
  }

  SinkVariant(boolean validationAndDlq, int invalidPercent, boolean routesOnValue, boolean avro) {
    this.validationAndDlq = validationAndDlq;
    this.invalidPercent = invalidPercent;
    this.routesOnValue = routesOnValue;
    this.avro = avro;
  }

  /** Whether values are Avro binary rather than JSON. */
  public boolean avro() {
    return avro;
  }

  /** Whether the routes read the decoded value ({@code data.*}) rather than input columns. */
  public boolean routesOnValue() {
    return routesOnValue;
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
