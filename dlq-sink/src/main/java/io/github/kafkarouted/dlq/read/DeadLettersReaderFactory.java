package io.github.kafkarouted.dlq.read;

import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Serialized to executors: the Kafka source's readers, each row decoded by {@link KafkaRowDecoder}. */
final class DeadLettersReaderFactory implements PartitionReaderFactory {

  private static final long serialVersionUID = 1L;

  private final PartitionReaderFactory kafka;

  DeadLettersReaderFactory(PartitionReaderFactory kafka) {
    this.kafka = kafka;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    PartitionReader<InternalRow> reader = kafka.createReader(partition);
    return new PartitionReader<>() {
      @Override
      public boolean next() throws IOException {
        return reader.next();
      }

      @Override
      public InternalRow get() {
        return KafkaRowDecoder.decode(reader.get());
      }

      @Override
      public CustomTaskMetric[] currentMetricsValues() {
        return reader.currentMetricsValues();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }
}
