package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.live.ConsumerPartitionSample;
import io.github.kafkarouted.lag.live.ExecutorSamples;
import io.github.kafkarouted.lag.live.SinkOutcomeSample;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * Hands what one executor reported to the queries it belongs to: the sink's live counts to the
 * query run they name, and the consumers' positions to the Real-Time Mode queries whose executor
 * consumer group they come from. A sample's position is the partition's earliest offset plus the
 * consumer's {@code records-lead}, and its end offset that position plus {@code records-lag}.
 * Samples of consumers that stopped polling (idle in Spark's consumer pool after their task) are
 * ignored.
 *
 * <p>Stateless; called by the {@link LagTracker} under its lock.
 */
final class ExecutorSampleRouter {

  private ExecutorSampleRouter() {}

  static void route(Map<UUID, QueryState> queries, ExecutorSamples message, long now, long ttlMillis) {
    for (SinkOutcomeSample s : message.sinkOutcomes()) {
      QueryState q = queries.get(parseUuid(s.queryId()));
      if (q != null && q.runId.toString().equals(s.runId())) {
        q.sinkOutcomes.live(message.executorId(), s.totals());
      }
    }
    if (message.samples().isEmpty()) {
      return;
    }
    long idleSeconds = ttlMillis / 1000;
    for (QueryState q : queries.values()) {
      if (q.details == null || !q.details.realTime() || q.executorGroupIds.isEmpty()) {
        continue;
      }
      Map<String, TopicPartition> byTag = new HashMap<>();
      q.partitions.keySet()
          .forEach(tp -> byTag.put(ConsumerPartitionSample.topicTagOf(tp.topic()) + "/" + tp.partition(), tp));
      for (ConsumerPartitionSample s : message.samples()) {
        if (s.lastPollSecondsAgo() > idleSeconds || !fromAnyGroup(s, q.executorGroupIds)) {
          continue;
        }
        TopicPartition tp = byTag.get(s.topicTag() + "/" + s.partition());
        PartitionState p = tp == null ? null : q.partitions.get(tp);
        if (p == null || p.earliest() < 0) {
          continue; // Earliest offset not read yet: the lead cannot be placed.
        }
        long position = p.earliest() + s.lead();
        p.live(position, now, ttlMillis);
        if (s.lag() >= 0) {
          p.latest.add(position + s.lag(), now, false);
        }
      }
    }
  }

  private static UUID parseUuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean fromAnyGroup(ConsumerPartitionSample s, Set<String> groupIds) {
    for (String g : groupIds) {
      if (s.fromGroup(g)) {
        return true;
      }
    }
    return false;
  }
}
