package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;

/**
 * SQL-tab metric of {@link Outcome#ROWS_IN}. Instantiated by name by the UI:
 * keep the class name and the no-arg constructor.
 */
public final class RowsInMetric extends OutcomeMetric {

  public static final String NAME = Outcome.ROWS_IN.metricName();

  public RowsInMetric() {
    super(Outcome.ROWS_IN);
  }
}
