package io.github.kafkarouted.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** SQL-tab metric: rows dropped by routing.unmatched=drop. Instantiated by name by the UI: keep the no-arg constructor. */
public final class RowsDroppedMetric extends CustomSumMetric {

  public static final String NAME = "rowsDropped";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "rows dropped by routing.unmatched=drop";
  }
}
