package io.github.kafkarouted.connector.delivery;

import java.io.Serializable;

/**
 * Where a write's transactions and commit markers live, resolved on the driver and shipped to the
 * tasks.
 *
 * <p>Each task writes one <em>slot</em>: what its rows are, stable across every attempt that
 * writes the same rows. In a streaming query that is the Kafka partition the rows were read from
 * ({@code <source topic>-<source partition>}): Spark's Kafka source does not keep the order of a
 * batch's partitions when it replays the batch from its offset log, so the Spark partition index
 * would name other rows; a batch {@code df.write} has fixed partitions, so there it is the Spark
 * partition ({@code p<index>}).
 *
 * <p>A slot's transactional id and its marker group are {@code <prefix>-<write id>-<slot>}: every
 * attempt at a slot fences the older ones, and no two writes share them (a streaming query's write
 * id is its id, which a new checkpoint changes; a batch write's is random). The marker is the
 * group's committed offset on partition 0 of the marker topic, which holds no records.
 *
 * @param idPrefix the {@code delivery.transactionalIdPrefix} option (for prefixed ACLs)
 * @param markerTopic the {@code delivery.markerTopic} option
 * @param writeId the query id, {@code batch-<uuid>} for a batch write; null until resolved
 * @param slotsBySourcePartition whether slots are source Kafka partitions (streaming) or Spark
 *     partitions (batch writes)
 */
public record ExactlyOnce(String idPrefix, String markerTopic, String writeId, boolean slotsBySourcePartition)
    implements Serializable {

  /** This configuration for the streaming query {@code queryId}. */
  public ExactlyOnce forStreamingWrite(String queryId) {
    return new ExactlyOnce(idPrefix, markerTopic, queryId, true);
  }

  /** This configuration for the batch write {@code writeId}. */
  public ExactlyOnce forBatchWrite(String id) {
    return new ExactlyOnce(idPrefix, markerTopic, id, false);
  }

  /** The slot of the rows of Kafka partition {@code partition} of {@code topic}. */
  public static String sourceSlot(String topic, int partition) {
    return topic + "-" + partition;
  }

  /** The slot of Spark partition {@code partition} of a batch write. */
  public static String sparkPartitionSlot(int partition) {
    return "p" + partition;
  }

  /** The transactional id of every attempt at {@code slot}; also its marker group. */
  public String transactionalId(String slot) {
    if (writeId == null) {
      throw new IllegalStateException("exactly-once write id not resolved on the driver");
    }
    return idPrefix + "-" + writeId + "-" + slot;
  }

  /** The consumer group whose committed offset on the marker topic is {@code slot}'s marker. */
  public String markerGroup(String slot) {
    return transactionalId(slot);
  }
}
