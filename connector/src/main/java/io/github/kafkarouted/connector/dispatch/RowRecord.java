package io.github.kafkarouted.connector.dispatch;

import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * The record fields of one row and where the row came from: what a record is built from and what a
 * dead letter keeps. {@link OutputRow} adds what routing needs; a failed send is one of these too.
 */
public interface RowRecord {

  /** Record key, or null. */
  byte[] key();

  /** Record value, or null (a tombstone, as Spark's kafka sink writes it). */
  byte[] value();

  /** Target partition, or null to let the producer's partitioner choose. */
  Integer partition();

  /** Record headers, or null for none; a header without key is a {@link NullKeyHeader}. */
  List<Header> headers();

  /** Topic the row was read from, or null if unknown. */
  String sourceTopic();

  /** Partition the row was read from, or null if unknown. */
  Integer sourcePartition();

  /** Offset the row was read from, or null if unknown. */
  Long sourceOffset();

  /**
   * Timestamp of the input record in epoch ms (column {@code source_timestamp}, or Spark's Kafka
   * source column {@code timestamp}), kept by the row's dead letters; null if unknown.
   */
  default Long originalTimestampMillis() {
    return null;
  }
}
