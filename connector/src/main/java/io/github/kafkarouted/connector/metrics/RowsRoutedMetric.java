package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;

/**
 * SQL-tab metric of {@link Outcome#ROWS_ROUTED}. Instantiated by name by the UI:
 * keep the class name and the no-arg constructor.
 */
public final class RowsRoutedMetric extends OutcomeMetric {

  public static final String NAME = Outcome.ROWS_ROUTED.metricName();

  public RowsRoutedMetric() {
    super(Outcome.ROWS_ROUTED);
  }
}
