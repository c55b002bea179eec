package io.github.kafkarouted.dlq.read;

import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/** The Kafka source's scan, with every row decoded into {@link DeadLetterColumns#SCHEMA}. */
final class DeadLettersScan implements Scan {

  private final Scan kafka;

  DeadLettersScan(Scan kafka) {
    this.kafka = kafka;
  }

  @Override
  public StructType readSchema() {
    return DeadLetterColumns.SCHEMA;
  }

  @Override
  public String description() {
    return DeadLettersProvider.SHORT_NAME + "[" + kafka.description() + "]";
  }

  @Override
  public Batch toBatch() {
    Batch batch = kafka.toBatch();
    return new Batch() {
      @Override
      public org.apache.spark.sql.connector.read.InputPartition[] planInputPartitions() {
        return batch.planInputPartitions();
      }

      @Override
      public org.apache.spark.sql.connector.read.PartitionReaderFactory createReaderFactory() {
        return new DeadLettersReaderFactory(batch.createReaderFactory());
      }
    };
  }

  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    return new DeadLettersStream(kafka.toMicroBatchStream(checkpointLocation));
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return kafka.supportedCustomMetrics();
  }

  @Override
  public CustomTaskMetric[] reportDriverMetrics() {
    return kafka.reportDriverMetrics();
  }
}
