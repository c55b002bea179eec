package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.metrics.SinkMetrics;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.connector.task.RoutedTaskWriter;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;

/** Serialized to executors; creates one writer per task (per epoch in continuous mode). */
final class RoutedWriterFactory implements DataWriterFactory, StreamingDataWriterFactory {

  private static final long serialVersionUID = 1L;

  private final WriterSpec spec;
  private final String stagingKey;
  private final boolean budgetPerTaskWindow;
  private final String[] ruleMetricNames;

  /**
   * @param stagingKey the key of the Delta dead-letter staging directory, decided on the driver
   *     (the query id, which the driver's commit uses to find the staged files)
   * @param budgetPerTaskWindow whether tasks judge the error budget over windows of their rows
   *     (Real-Time Mode, whose batches are too long to wait for the driver's judgement)
   */
  RoutedWriterFactory(WriterSpec spec, String stagingKey, boolean budgetPerTaskWindow) {
    this.spec = spec;
    this.stagingKey = stagingKey;
    this.budgetPerTaskWindow = budgetPerTaskWindow;
    this.ruleMetricNames = SinkMetrics.ruleMetricNames(spec.ruleTable().names());
  }

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return createWriter(partitionId, taskId, 0L);
  }

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId, long epochId) {
    return new RoutedDataWriter(
        new RoutedTaskWriter(
            spec, partitionId, epochId, ProducerPool.shared(), stagingKey, budgetPerTaskWindow),
        ruleMetricNames);
  }
}
