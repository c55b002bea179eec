package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.metrics.SinkCommitMessage;
import io.github.kafkarouted.connector.metrics.SinkMetrics;
import io.github.kafkarouted.connector.task.RoutedTaskWriter;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * DataSource V2 front-end of {@link RoutedTaskWriter}: sends in {@link #write} (Real-Time Mode
 * calls it within milliseconds of each record arriving), flushes in {@link #commit}.
 */
final class RoutedDataWriter implements DataWriter<InternalRow> {

  private final RoutedTaskWriter writer;
  private final String[] ruleMetricNames;

  /** @param ruleMetricNames the SQL-tab metric names of the write's rules, in rule-table order */
  RoutedDataWriter(RoutedTaskWriter writer, String[] ruleMetricNames) {
    this.writer = writer;
    this.ruleMetricNames = ruleMetricNames;
  }

  @Override
  public void write(InternalRow row) {
    writer.write(row);
  }

  @Override
  public WriterCommitMessage commit() {
    writer.flush();
    return SinkCommitMessage.of(writer.counters(), writer.stagedDeadLetters());
  }

  @Override
  public void abort() {
    // At-least-once, records already sent stay in Kafka and the retried task writes them again;
    // exactly-once, the task's transaction is aborted and none of them becomes visible.
    writer.abort();
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return SinkMetrics.taskValues(writer.counters(), ruleMetricNames);
  }

  @Override
  public void close() {
    writer.close();
  }
}
