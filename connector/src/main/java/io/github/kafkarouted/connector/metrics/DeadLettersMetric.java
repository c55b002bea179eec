package io.github.kafkarouted.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** SQL-tab metric: dead-letter records written (a row fanned out to n routes may give several). Instantiated by name by the UI: keep the no-arg constructor. */
public final class DeadLettersMetric extends CustomSumMetric {

  public static final String NAME = "deadLetters";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "dead-letter records written (a row fanned out to n routes may give several)";
  }
}
