package io.github.kafkarouted.lag.offsets;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The broker calls the lag tracker makes: read end offsets, commit positions to a consumer group.
 * Called only from the tracker's poll thread; implementations hold one client per connection and
 * close the ones no longer in use when told.
 */
public interface BrokerOffsetClient extends AutoCloseable {

  /**
   * The current end offset (or last stable offset for {@code read_committed} connections) of each
   * partition. Partitions the brokers could not answer for (e.g. a deleted topic) are missing
   * from the result.
   *
   * @throws Exception if the cluster could not be asked at all (unreachable, timed out, refused)
   */
  Map<TopicPartition, Long> endOffsets(KafkaConnection connection, Set<TopicPartition> partitions)
      throws Exception;

  /**
   * The earliest offset (log start offset) of each partition: records below it were deleted by
   * retention. Partitions the brokers could not answer for are missing from the result.
   *
   * @throws Exception if the cluster could not be asked at all
   */
  Map<TopicPartition, Long> earliestOffsets(
      KafkaConnection connection, Set<TopicPartition> partitions) throws Exception;

  /**
   * Commits {@code positions} (next offset to read per partition) to consumer group {@code
   * groupId}.
   *
   * @throws Exception if the commit failed
   */
  void commitOffsets(KafkaConnection connection, String groupId, Map<TopicPartition, Long> positions)
      throws Exception;

  /** Closes the clients of connections not in {@code inUse}. */
  void retainOnly(Collection<KafkaConnection> inUse);

  /** Number of open clients (one per connection in use); for diagnostics and leak checks. */
  int openClients();

  /** Closes every client; safe to call twice; never throws. */
  @Override
  void close();
}
