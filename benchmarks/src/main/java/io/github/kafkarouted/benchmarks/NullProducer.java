package io.github.kafkarouted.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * A byte-array {@link Producer} that sends nowhere: {@link #send} completes the callback at once,
 * on the calling thread, with success, and keeps nothing but two counters. It stands in for the
 * network in micro-benchmarks so that they measure only our per-row work.
 *
 * <p>Unlike kafka-clients' {@code MockProducer}, which records every record it is given (its
 * history grows without bound and its cost grows with it), nothing here is retained. Every send
 * is acknowledged with the same {@link RecordMetadata} (topic {@value #METADATA_TOPIC}, partition
 * 0): the sink's callbacks only look at the exception. {@link #partitionsFor} answers that every
 * topic has {@code partitions} partitions.
 *
 * <p>Transactions are not supported. Not thread-safe: the counters are plain fields, written by
 * the one benchmark thread that sends.
 */
public final class NullProducer implements Producer<byte[], byte[]> {

  /** The topic named in the metadata every send is acknowledged with. */
  public static final String METADATA_TOPIC = "null-producer";

  private static final RecordMetadata ACK =
      new RecordMetadata(new TopicPartition(METADATA_TOPIC, 0), 0L, 0, 0L, 0, 0);
  private static final Future<RecordMetadata> ACKED = CompletableFuture.completedFuture(ACK);

  private final List<PartitionInfo> partitions;
  private long records;
  private long valueBytes;

  /** A producer whose topics all have one partition. */
  public NullProducer() {
    this(1);
  }

  /** A producer whose topics all have {@code partitions} partitions. */
  public NullProducer(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    List<PartitionInfo> list = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      list.add(new PartitionInfo(METADATA_TOPIC, p, null, null, null));
    }
    this.partitions = List.copyOf(list);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    return send(record, null);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    records++;
    byte[] value = record.value();
    if (value != null) {
      valueBytes += value.length;
    }
    if (callback != null) {
      callback.onCompletion(ACK, null);
    }
    return ACKED;
  }

  /** Records sent so far. */
  public long records() {
    return records;
  }

  /** Total length of the values sent so far. */
  public long valueBytes() {
    return valueBytes;
  }

  @Override
  public void flush() {
    // Every send is already acknowledged.
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return partitions;
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return Map.of();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    throw new UnsupportedOperationException("NullProducer has no client instance id");
  }

  @Override
  public void close() {}

  @Override
  public void close(Duration timeout) {}

  @Override
  public void initTransactions() {
    throw transactions();
  }

  @Override
  public void beginTransaction() {
    throw transactions();
  }

  @Override
  @Deprecated
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, String consumerGroupId) {
    throw transactions();
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    throw transactions();
  }

  @Override
  public void commitTransaction() {
    throw transactions();
  }

  @Override
  public void abortTransaction() {
    throw transactions();
  }

  private static UnsupportedOperationException transactions() {
    return new UnsupportedOperationException("NullProducer does not support transactions");
  }
}
