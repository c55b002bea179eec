package io.github.kafkarouted.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** SQL-tab metric: records sent to Kafka (a row fanned out to n routes counts n). Instantiated by name by the UI: keep the no-arg constructor. */
public final class RecordsSentMetric extends CustomSumMetric {

  public static final String NAME = "recordsSent";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "records sent to Kafka (a row fanned out to n routes counts n)";
  }
}
