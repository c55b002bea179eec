package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.offsets.BrokerOffsetClient;
import io.github.kafkarouted.lag.offsets.KafkaConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Broker end offsets set by the test, per bootstrap servers; records every call. Thread-safe.
 */
final class FakeBrokers implements BrokerOffsetClient {

  record Commit(String bootstrap, String groupId, Map<TopicPartition, Long> offsets) {}

  private final Map<String, Map<TopicPartition, Long>> endOffsets = new HashMap<>();
  private final Map<String, Map<TopicPartition, Long>> earliestOffsets = new HashMap<>();
  private final Set<String> down = new HashSet<>();
  final List<KafkaConnection> endOffsetCalls = new ArrayList<>();
  final List<Commit> commits = new ArrayList<>();
  final List<Set<KafkaConnection>> retained = new ArrayList<>();
  boolean closed;

  synchronized void setEnd(String bootstrap, String topic, int partition, long offset) {
    endOffsets.computeIfAbsent(bootstrap, k -> new HashMap<>())
        .put(new TopicPartition(topic, partition), offset);
  }

  synchronized void setEarliest(String bootstrap, String topic, int partition, long offset) {
    earliestOffsets.computeIfAbsent(bootstrap, k -> new HashMap<>())
        .put(new TopicPartition(topic, partition), offset);
  }

  synchronized void setDown(String bootstrap, boolean isDown) {
    if (isDown) {
      down.add(bootstrap);
    } else {
      down.remove(bootstrap);
    }
  }

  @Override
  public synchronized Map<TopicPartition, Long> endOffsets(
      KafkaConnection connection, Set<TopicPartition> partitions) throws Exception {
    endOffsetCalls.add(connection);
    return lookUp(endOffsets, connection, partitions);
  }

  @Override
  public synchronized Map<TopicPartition, Long> earliestOffsets(
      KafkaConnection connection, Set<TopicPartition> partitions) throws Exception {
    return lookUp(earliestOffsets, connection, partitions);
  }

  private Map<TopicPartition, Long> lookUp(
      Map<String, Map<TopicPartition, Long>> offsets,
      KafkaConnection connection,
      Set<TopicPartition> partitions) {
    if (down.contains(connection.bootstrapServers())) {
      throw new org.apache.kafka.common.errors.TimeoutException("broker down");
    }
    Map<TopicPartition, Long> known = offsets.getOrDefault(connection.bootstrapServers(), Map.of());
    Map<TopicPartition, Long> result = new HashMap<>();
    for (TopicPartition tp : partitions) {
      if (known.containsKey(tp)) {
        result.put(tp, known.get(tp));
      }
    }
    return result;
  }

  @Override
  public synchronized void commitOffsets(
      KafkaConnection connection, String groupId, Map<TopicPartition, Long> positions)
      throws Exception {
    if (down.contains(connection.bootstrapServers())) {
      throw new org.apache.kafka.common.errors.TimeoutException("broker down");
    }
    commits.add(new Commit(connection.bootstrapServers(), groupId, Map.copyOf(positions)));
  }

  @Override
  public synchronized void retainOnly(Collection<KafkaConnection> inUse) {
    retained.add(Set.copyOf(inUse));
  }

  @Override
  public synchronized int openClients() {
    return closed || retained.isEmpty() ? 0 : retained.get(retained.size() - 1).size();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
