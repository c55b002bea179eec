package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.dispatch.Outcome;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** The SQL-tab metrics of the sink, one per {@link Outcome}, and their per-task values. */
public final class SinkMetrics {

  private static final Outcome[] OUTCOMES = Outcome.values();

  private SinkMetrics() {}

  public static CustomMetric[] supported() {
    CustomMetric[] metrics = new CustomMetric[OUTCOMES.length];
    for (int i = 0; i < OUTCOMES.length; i++) {
      metrics[i] = sqlTabMetric(OUTCOMES[i]);
    }
    return metrics;
  }

  /**
   * The SQL-tab metric of an outcome. Spark re-creates it from its class name, so each outcome
   * needs its own class; the switch makes a new outcome without one a compile error.
   */
  static OutcomeMetric sqlTabMetric(Outcome outcome) {
    return switch (outcome) {
      case ROWS_IN -> new RowsInMetric();
      case ROWS_ROUTED -> new RowsRoutedMetric();
      case ROWS_DEAD_LETTERED -> new RowsDeadLetteredMetric();
      case ROWS_DROPPED -> new RowsDroppedMetric();
      case RECORDS_SENT -> new RecordsSentMetric();
      case DEAD_LETTERS -> new DeadLettersMetric();
      case RULE_VIOLATIONS -> new RuleViolationsMetric();
    };
  }

  public static CustomTaskMetric[] taskValues(DispatchCounters c) {
    CustomTaskMetric[] values = new CustomTaskMetric[OUTCOMES.length];
    for (int i = 0; i < OUTCOMES.length; i++) {
      values[i] = taskMetric(OUTCOMES[i].metricName(), c.count(OUTCOMES[i]));
    }
    return values;
  }

  private static CustomTaskMetric taskMetric(String name, long value) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long value() {
        return value;
      }
    };
  }
}
