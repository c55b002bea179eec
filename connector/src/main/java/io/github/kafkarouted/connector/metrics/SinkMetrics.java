package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.dispatch.Outcome;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The SQL-tab metrics of the sink, one per {@link Outcome} and one per data-quality rule ({@code
 * rule.<name>.violations}), and their per-task values.
 */
public final class SinkMetrics {

  private static final Outcome[] OUTCOMES = Outcome.values();

  private SinkMetrics() {}

  /** @param ruleNames the write's rules, in rule-table order */
  public static CustomMetric[] supported(String[] ruleNames) {
    CustomMetric[] metrics = new CustomMetric[OUTCOMES.length + ruleNames.length];
    for (int i = 0; i < OUTCOMES.length; i++) {
      metrics[i] = sqlTabMetric(OUTCOMES[i]);
    }
    for (int r = 0; r < ruleNames.length; r++) {
      metrics[OUTCOMES.length + r] = new RuleViolationsOfRuleMetric(ruleNames[r]);
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

  /** @param ruleMetricNames {@link RuleViolationsOfRuleMetric#metricName} of each rule, in rule-table order */
  public static CustomTaskMetric[] taskValues(DispatchCounters c, String[] ruleMetricNames) {
    CustomTaskMetric[] values = new CustomTaskMetric[OUTCOMES.length + ruleMetricNames.length];
    for (int i = 0; i < OUTCOMES.length; i++) {
      values[i] = taskMetric(OUTCOMES[i].metricName(), c.count(OUTCOMES[i]));
    }
    if (ruleMetricNames.length > 0) {
      long[] violations = c.violationsByRule();
      for (int r = 0; r < ruleMetricNames.length; r++) {
        values[OUTCOMES.length + r] = taskMetric(ruleMetricNames[r], r < violations.length ? violations[r] : 0);
      }
    }
    return values;
  }

  /** The SQL-tab metric names of the rules {@code ruleNames}. */
  public static String[] ruleMetricNames(String[] ruleNames) {
    String[] names = new String[ruleNames.length];
    for (int r = 0; r < ruleNames.length; r++) {
      names[r] = RuleViolationsOfRuleMetric.metricName(ruleNames[r]);
    }
    return names;
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
