package io.github.kafkarouted.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** SQL-tab metric: rows sent to at least one topic. Instantiated by name by the UI: keep the no-arg constructor. */
public final class RowsRoutedMetric extends CustomSumMetric {

  public static final String NAME = "rowsRouted";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "rows sent to at least one topic";
  }
}
