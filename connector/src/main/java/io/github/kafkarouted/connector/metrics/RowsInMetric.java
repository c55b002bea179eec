package io.github.kafkarouted.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** SQL-tab metric: rows received by the kafka-routed sink. Instantiated by name by the UI: keep the no-arg constructor. */
public final class RowsInMetric extends CustomSumMetric {

  public static final String NAME = "rowsIn";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "rows received by the kafka-routed sink";
  }
}
