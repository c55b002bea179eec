package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;

/**
 * SQL-tab metric of {@link Outcome#DEAD_LETTERS}. Instantiated by name by the UI:
 * keep the class name and the no-arg constructor.
 */
public final class DeadLettersMetric extends OutcomeMetric {

  public static final String NAME = Outcome.DEAD_LETTERS.metricName();

  public DeadLettersMetric() {
    super(Outcome.DEAD_LETTERS);
  }
}
