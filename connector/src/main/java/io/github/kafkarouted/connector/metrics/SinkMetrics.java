package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** The SQL-tab metrics of the sink and their per-task values. */
public final class SinkMetrics {

  private SinkMetrics() {}

  public static CustomMetric[] supported() {
    return new CustomMetric[] {
      new RowsInMetric(),
      new RowsRoutedMetric(),
      new RowsDeadLetteredMetric(),
      new RowsDroppedMetric(),
      new RecordsSentMetric(),
      new DeadLettersMetric()
    };
  }

  public static CustomTaskMetric[] taskValues(DispatchCounters c) {
    return new CustomTaskMetric[] {
      taskMetric(RowsInMetric.NAME, c.rowsIn()),
      taskMetric(RowsRoutedMetric.NAME, c.rowsRouted()),
      taskMetric(RowsDeadLetteredMetric.NAME, c.rowsDeadLettered()),
      taskMetric(RowsDroppedMetric.NAME, c.rowsDropped()),
      taskMetric(RecordsSentMetric.NAME, c.recordsSent()),
      taskMetric(DeadLettersMetric.NAME, c.deadLetters())
    };
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
