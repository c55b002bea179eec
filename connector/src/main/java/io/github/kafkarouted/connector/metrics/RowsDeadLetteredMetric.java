package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;

/**
 * SQL-tab metric of {@link Outcome#ROWS_DEAD_LETTERED}. Instantiated by name by the UI:
 * keep the class name and the no-arg constructor.
 */
public final class RowsDeadLetteredMetric extends OutcomeMetric {

  public static final String NAME = Outcome.ROWS_DEAD_LETTERED.metricName();

  public RowsDeadLetteredMetric() {
    super(Outcome.ROWS_DEAD_LETTERED);
  }
}
