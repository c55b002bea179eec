package io.github.kafkarouted.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/**
 * The SQL-tab metric {@code rule.<name>.violations} of one data-quality rule: the same count as in
 * the progress's {@code sink.metrics}. One class serves every rule: the write declares an instance
 * per rule (its name and description), while Spark's UI re-creates the class by name with the
 * no-arg constructor only to sum task values, which needs no name. Keep the class name.
 */
public final class RuleViolationsOfRuleMetric extends CustomSumMetric {

  private final String rule;

  /** For Spark's UI, which only sums task values with it. */
  public RuleViolationsOfRuleMetric() {
    this("<rule>");
  }

  public RuleViolationsOfRuleMetric(String rule) {
    this.rule = rule;
  }

  /** The metric name of rule {@code rule}: {@code rule.<name>.violations}. */
  public static String metricName(String rule) {
    return "rule." + rule + ".violations";
  }

  @Override
  public String name() {
    return metricName(rule);
  }

  @Override
  public String description() {
    return "violations of rule " + rule;
  }
}
