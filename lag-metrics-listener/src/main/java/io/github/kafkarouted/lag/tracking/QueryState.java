package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.tracking.QueryInspector.QueryDetails;
import io.github.kafkarouted.lag.offsets.KafkaConnection;
import io.github.kafkarouted.lag.offsets.KafkaSourceOptions;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * What the tracker knows about one run of one query. Bounded: one {@link PartitionState} per
 * partition the query's latest report listed.
 *
 * <p>Not thread-safe: guarded by the owning {@link LagTracker}.
 */
final class QueryState {

  static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  final UUID id;
  final UUID runId;
  String name;
  final Map<TopicPartition, PartitionState> partitions = new TreeMap<>(ORDER);

  QueryDetails details;
  long lastBatchId = -1;
  String lastIdleEventTimestamp;
  boolean progressSeen;
  boolean malformedLogged;
  /**
   * Consumer group ids of the query's executor-side Kafka consumers (Real-Time Mode queries only):
   * how the executors' samples are told apart from other queries' reading the same partitions.
   */
  Set<String> executorGroupIds = Set.of();
  /** The kafka-routed sink's counts of this run. */
  final SinkOutcomeState sinkOutcomes = new SinkOutcomeState();
  /** Positions of the last batch, waiting to be committed to the consumer group; null if none. */
  Map<TopicPartition, Long> pendingCommit;

  private final Map<String, Optional<KafkaConnection>> connectionByTopic = new HashMap<>();

  QueryState(UUID id, UUID runId, String name) {
    this.id = id;
    this.runId = runId;
    this.name = name;
  }

  PartitionState partition(TopicPartition tp, LagListenerConf conf) {
    return partitions.computeIfAbsent(
        tp,
        k ->
            new PartitionState(
                conf.lookupTableSize(), conf.statusWindow(), conf.trendWindow().toMillis()));
  }

  /** Forgets partitions the query no longer reads (topics dropped from a pattern, for one). */
  void retainPartitions(Set<TopicPartition> current) {
    partitions.keySet().retainAll(current);
  }

  void setDetails(QueryDetails newDetails) {
    details = newDetails;
    connectionByTopic.clear();
  }

  /**
   * The cluster to read {@code topic}'s end offsets from: the connection of the Kafka source that
   * reads the topic (or of the only Kafka source), with the overrides on top; failing that, the
   * overrides alone.
   */
  Optional<KafkaConnection> connectionFor(String topic, Map<String, String> overrides) {
    return connectionByTopic.computeIfAbsent(topic, t -> resolveConnection(t, overrides));
  }

  private Optional<KafkaConnection> resolveConnection(String topic, Map<String, String> overrides) {
    if (details != null) {
      for (KafkaSourceOptions source : details.kafkaSources()) {
        if (source.reads(topic)) {
          return source.connection(overrides);
        }
      }
      if (details.kafkaSources().size() == 1) {
        return details.kafkaSources().get(0).connection(overrides);
      }
    }
    return KafkaConnection.of(Map.of(), overrides);
  }

  /** The query's lag, trends and sink counts at {@code now}: its partitions with a position. */
  QueryLagSnapshot snapshot(long now, LagListenerConf conf) {
    long trigger = details == null ? 0 : details.triggerIntervalMs();
    long stopAfter = Math.max(conf.stopAfter().toMillis(), 2 * trigger);
    List<PartitionLag> rows = new ArrayList<>();
    partitions.forEach(
        (tp, p) -> {
          if (p.hasPosition()) {
            rows.add(
                p.toRow(
                    tp, now, stopAfter, conf.liveSampleTtl().toMillis(), conf.retentionWarnRatio()));
          }
        });
    return new QueryLagSnapshot(
        id, runId, name, Instant.ofEpochMilli(now), rows, sinkOutcomes.merged());
  }

  /** The query's name if it has one, else its id. */
  String displayName() {
    return name == null || name.isEmpty() ? id.toString() : name;
  }
}
