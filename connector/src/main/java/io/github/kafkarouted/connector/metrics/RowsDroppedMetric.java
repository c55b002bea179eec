package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;

/**
 * SQL-tab metric of {@link Outcome#ROWS_DROPPED}. Instantiated by name by the UI:
 * keep the class name and the no-arg constructor.
 */
public final class RowsDroppedMetric extends OutcomeMetric {

  public static final String NAME = Outcome.ROWS_DROPPED.metricName();

  public RowsDroppedMetric() {
    super(Outcome.ROWS_DROPPED);
  }
}
