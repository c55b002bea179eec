package io.github.kafkarouted.dlq.read;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReportsSourceMetrics;
import org.apache.spark.sql.connector.read.streaming.SupportsAdmissionControl;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;

/**
 * The Kafka source's micro-batch stream with decoded rows. Offsets, limits ({@code
 * maxOffsetsPerTrigger}), {@code AvailableNow} and source metrics are the Kafka stream's own, so a
 * checkpoint behaves exactly as one of the {@code kafka} source.
 */
final class DeadLettersStream
    implements MicroBatchStream, SupportsTriggerAvailableNow, ReportsSourceMetrics {

  private final MicroBatchStream kafka;

  DeadLettersStream(MicroBatchStream kafka) {
    this.kafka = kafka;
  }

  @Override
  public Offset latestOffset() {
    return kafka.latestOffset();
  }

  @Override
  public InputPartition[] planInputPartitions(Offset start, Offset end) {
    return kafka.planInputPartitions(start, end);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new DeadLettersReaderFactory(kafka.createReaderFactory());
  }

  @Override
  public Offset initialOffset() {
    return kafka.initialOffset();
  }

  @Override
  public Offset deserializeOffset(String json) {
    return kafka.deserializeOffset(json);
  }

  @Override
  public void commit(Offset end) {
    kafka.commit(end);
  }

  @Override
  public void stop() {
    kafka.stop();
  }

  @Override
  public Offset latestOffset(Offset startOffset, ReadLimit limit) {
    return admission().latestOffset(startOffset, limit);
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    return kafka instanceof SupportsAdmissionControl a ? a.getDefaultReadLimit() : ReadLimit.allAvailable();
  }

  @Override
  public Offset reportLatestOffset() {
    return kafka instanceof SupportsAdmissionControl a ? a.reportLatestOffset() : null;
  }

  @Override
  public void prepareForTriggerAvailableNow() {
    ((SupportsTriggerAvailableNow) kafka).prepareForTriggerAvailableNow();
  }

  @Override
  public Map<String, String> metrics(Optional<Offset> latestConsumedOffset) {
    if (!(kafka instanceof ReportsSourceMetrics m)) {
      return Map.of();
    }
    try {
      return m.metrics(latestConsumedOffset);
    } catch (NullPointerException e) {
      // Spark 4.1.1's Kafka stream has no latest offsets yet when a restarted query re-runs its
      // uncommitted last batch (KafkaMicroBatchStream.metrics wraps a null in Some): without this,
      // every restart after a crash would fail the query. Metrics come back with the next batch.
      return Map.of();
    }
  }

  private SupportsAdmissionControl admission() {
    return (SupportsAdmissionControl) kafka;
  }

  @Override
  public String toString() {
    // The progress's source description; the lag listener recognises the Kafka part.
    return kafka.toString();
  }
}
