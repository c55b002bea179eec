package io.github.kafkarouted.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** SQL-tab metric: rows written to the dead-letter topic instead of any route. Instantiated by name by the UI: keep the no-arg constructor. */
public final class RowsDeadLetteredMetric extends CustomSumMetric {

  public static final String NAME = "rowsDeadLettered";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "rows written to the dead-letter topic instead of any route";
  }
}
