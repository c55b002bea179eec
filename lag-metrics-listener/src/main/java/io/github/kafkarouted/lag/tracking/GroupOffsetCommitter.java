package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.offsets.BrokerOffsetClient;
import io.github.kafkarouted.lag.offsets.KafkaConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits queries' positions to a consumer group ({@code spark.kafkaRouted.lag.commit.groupId}),
 * so tools that read consumer-group lag see Spark's queries. Planning happens under the tracker's
 * lock (it reads query state); committing happens outside it (it calls the brokers).
 *
 * <p>{@link #plan} is called under the tracker's lock; {@link #commit} from the poll thread only.
 */
final class GroupOffsetCommitter {

  /** Positions of one batch of one query to commit on one cluster. */
  record PendingCommit(
      UUID queryId,
      Map<TopicPartition, Long> batch,
      String groupId,
      Map<TopicPartition, Long> offsets) {}

  private final LagListenerConf conf;
  private final BrokerOffsetClient brokers;
  private final ConnectionHealth health;

  GroupOffsetCommitter(LagListenerConf conf, BrokerOffsetClient brokers, ConnectionHealth health) {
    this.conf = conf;
    this.brokers = brokers;
    this.health = health;
  }

  /** Adds the query's positions waiting to be committed, grouped by cluster, if any. */
  void plan(QueryState q, Map<KafkaConnection, List<PendingCommit>> commits) {
    if (q.pendingCommit == null || conf.commitGroupId().isEmpty()) {
      return;
    }
    Map<KafkaConnection, Map<TopicPartition, Long>> toCommit = new HashMap<>();
    q.pendingCommit.forEach(
        (tp, position) ->
            q.connectionFor(tp.topic(), conf.kafkaOverrides())
                .ifPresent(c -> toCommit.computeIfAbsent(c, k -> new HashMap<>()).put(tp, position)));
    String group = groupIdFor(conf.commitGroupId().get(), q);
    toCommit.forEach(
        (c, offsets) ->
            commits
                .computeIfAbsent(c, k -> new ArrayList<>())
                .add(new PendingCommit(q.id, q.pendingCommit, group, offsets)));
  }

  static String groupIdFor(String template, QueryState q) {
    return template.replace("{queryName}", q.displayName()).replace("{queryId}", q.id.toString());
  }

  /**
   * Commits every planned batch; a failing cluster is reported to the {@link ConnectionHealth} and
   * its batches stay pending for the next poll.
   *
   * @param committed told of each batch committed, right after its commit
   * @throws InterruptedException if the poll thread was interrupted (stopping)
   */
  void commit(
      Map<KafkaConnection, List<PendingCommit>> commits, Consumer<PendingCommit> committed)
      throws InterruptedException {
    for (Map.Entry<KafkaConnection, List<PendingCommit>> e : commits.entrySet()) {
      for (PendingCommit pc : e.getValue()) {
        try {
          brokers.commitOffsets(e.getKey(), pc.groupId(), pc.offsets());
          committed.accept(pc);
        } catch (InterruptedException ie) {
          throw ie;
        } catch (Exception ex) {
          health.failed(e.getKey(), "committing offsets to group " + pc.groupId(), ex);
        }
      }
    }
  }
}
