package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;

/**
 * SQL-tab metric of {@link Outcome#RECORDS_SENT}. Instantiated by name by the UI:
 * keep the class name and the no-arg constructor.
 */
public final class RecordsSentMetric extends OutcomeMetric {

  public static final String NAME = Outcome.RECORDS_SENT.metricName();

  public RecordsSentMetric() {
    super(Outcome.RECORDS_SENT);
  }
}
