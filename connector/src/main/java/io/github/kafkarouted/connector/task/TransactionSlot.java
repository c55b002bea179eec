package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.delivery.ExactlyOnce;
import io.github.kafkarouted.connector.dispatch.RowRecord;

/**
 * Exactly-once: the slot a task writes ({@link ExactlyOnce}), named from its first row, and the
 * check that every later row belongs to it. In a streaming query the slot is the Kafka partition
 * the rows were read from, so a task holding rows of two partitions (a shuffle, coalesce or union
 * before the sink) could not be recognised on replay: it fails instead. Allocation-free per row.
 */
final class TransactionSlot {

  private final String name;
  private final long firstOffset;
  /** The source partition every row must come from; null topic for a batch write's Spark partition. */
  private final String topic;
  private final int partition;

  private TransactionSlot(String name, long firstOffset, String topic, int partition) {
    this.name = name;
    this.firstOffset = firstOffset;
    this.topic = topic;
    this.partition = partition;
  }

  static TransactionSlot of(ExactlyOnce write, int sparkPartition, RowRecord first) {
    if (!write.slotsBySourcePartition()) {
      return new TransactionSlot(ExactlyOnce.sparkPartitionSlot(sparkPartition), -1L, null, sparkPartition);
    }
    String topic = first.sourceTopic();
    Integer partition = first.sourcePartition();
    if (topic == null || partition == null) {
      throw new IllegalStateException(
          "delivery.guarantee=exactly-once: a row has no source_topic or source_partition: each task's"
              + " rows must be known by the Kafka partition they were read from.");
    }
    Long offset = first.sourceOffset();
    return new TransactionSlot(ExactlyOnce.sourceSlot(topic, partition), offset == null ? -1L : offset, topic, partition);
  }

  /** Throws if {@code row} was read from another Kafka partition than the task's first row. */
  void check(RowRecord row) {
    if (topic == null) {
      return;
    }
    Integer p = row.sourcePartition();
    // Topic names are the same instance from row to row (ProjectedRow keeps them): equals is cheap.
    if (p == null || p != partition || !topic.equals(row.sourceTopic())) {
      throw new IllegalStateException(
          "delivery.guarantee=exactly-once: one task holds rows of " + name + " and of "
              + row.sourceTopic() + "-" + p + ". Exactly-once needs each task to write the rows of one"
              + " Kafka partition, as Spark's Kafka source plans them: no shuffle, coalesce or union before the sink.");
    }
  }

  String name() {
    return name;
  }

  long firstOffset() {
    return firstOffset;
  }
}
