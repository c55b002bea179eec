package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.model.QueryLagSnapshot;

import io.github.kafkarouted.lag.tracking.GroupOffsetCommitter.PendingCommit;
import io.github.kafkarouted.lag.tracking.QueryInspector.Found;
import io.github.kafkarouted.lag.tracking.QueryInspector.Gone;
import io.github.kafkarouted.lag.tracking.QueryInspector.Inspection;
import io.github.kafkarouted.lag.tracking.QueryInspector.PositionProbe;
import io.github.kafkarouted.lag.live.ExecutorSamples;
import io.github.kafkarouted.lag.offsets.BrokerOffsetClient;
import io.github.kafkarouted.lag.offsets.KafkaConnection;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lag core: records what streaming-query events say (positions, end offsets seen at
 * planning), polls the brokers' end offsets and the queries' committed positions, and answers
 * per-partition lag snapshots. Plain Java: the Spark listeners translate events into calls here,
 * and the clock, broker client and query inspector are passed in so tests need neither Spark nor
 * a broker.
 *
 * <p>Thread-safety: the recording methods ({@code query*}, {@link #progressMade}) and the readers
 * are synchronized and do no I/O, so listener callbacks return at once. {@link #poll()} does the
 * I/O outside the lock and must be called from one thread at a time (the {@link LagService}'s
 * poller). Bounded: a query's state is dropped when it terminates, when its inspection says it is
 * gone, or when its probe says it is no longer active.
 */
public final class LagTracker {

  private static final Logger LOG = LoggerFactory.getLogger(LagTracker.class);

  private final LagListenerConf conf;
  private final InstantSource clock;
  private final BrokerOffsetClient brokers;
  private final GuardedInspector inspector;
  private final ConnectionHealth health = new ConnectionHealth();
  private final GroupOffsetCommitter committer;
  private final Map<UUID, QueryState> queries = new HashMap<>();
  /**
   * Terminated runs whose last batch's positions were not committed yet (the query stopped right
   * after the batch, before the poller ran): committed at the next poll, one attempt each.
   */
  private final List<QueryState> finalCommits = new ArrayList<>();
  private boolean closed;

  public LagTracker(
      LagListenerConf conf,
      InstantSource clock,
      BrokerOffsetClient brokers,
      QueryInspector inspector) {
    this.conf = conf;
    this.clock = clock;
    this.brokers = brokers;
    this.inspector = new GuardedInspector(inspector);
    this.committer = new GroupOffsetCommitter(conf, brokers, health);
  }

  // ---------------------------------------------------------------- recording (any thread)

  /** A query run started. A new run of a known query replaces the old run's state. */
  public synchronized void queryStarted(UUID queryId, UUID runId, String name) {
    if (!closed && identified(queryId, runId)) {
      current(queryId, runId, name);
    }
  }

  /** A batch completed: its end offsets are the query's positions. */
  public synchronized void progressMade(ProgressReport report) {
    if (closed || !identified(report.queryId(), report.runId())) {
      return;
    }
    QueryState q = current(report.queryId(), report.runId(), report.queryName());
    if (report.batchId() <= q.lastBatchId) {
      return; // Delivered twice (application and session listener both attached).
    }
    q.lastBatchId = report.batchId();
    q.sinkOutcomes.progress(report.sinkMetrics());
    Map<TopicPartition, Long> positions = new HashMap<>();
    Map<TopicPartition, Long> latest = new HashMap<>();
    if (!ProgressPositions.read(q, report, positions, latest)) {
      return;
    }
    q.progressSeen = true;
    long now = clock.millis();
    q.retainPartitions(positions.keySet());
    positions.forEach(
        (tp, position) -> {
          PartitionState p = q.partition(tp, conf);
          Long end = latest.get(tp);
          if (end != null) {
            p.latest.add(end, now, false);
          }
          p.observe(position, now);
        });
    if (conf.commitGroupId().isPresent()) {
      q.pendingCommit = Map.copyOf(positions);
    }
  }

  /**
   * The query has had no new data for a while: positions unchanged, but it is alive.
   *
   * @param eventTimestamp the event's timestamp, used to ignore a second delivery of one event
   */
  public synchronized void queryIdle(UUID queryId, UUID runId, String eventTimestamp) {
    if (closed || !identified(queryId, runId)) {
      return;
    }
    QueryState q = current(queryId, runId, null);
    if (eventTimestamp != null && eventTimestamp.equals(q.lastIdleEventTimestamp)) {
      return; // Delivered twice (application and session listener both attached).
    }
    q.lastIdleEventTimestamp = eventTimestamp;
    long now = clock.millis();
    q.partitions.values().forEach(p -> p.observe(p.position(), now));
  }

  /**
   * The run ended: its state is dropped, except for the last batch's positions if they still wait
   * to be committed to the consumer group (committed at the next poll).
   */
  public synchronized void queryTerminated(UUID queryId, UUID runId) {
    QueryState q = queries.get(queryId);
    if (q != null && q.runId.equals(runId)) {
      queries.remove(queryId);
      if (q.pendingCommit != null && conf.commitGroupId().isPresent()) {
        finalCommits.add(q);
      }
    }
  }

  /**
   * What an executor reported ({@link ExecutorSamples}, sent by the plugin's executor side): the
   * kafka-routed sink's live counts of each query run, and its Kafka consumers' positions ({@link
   * ExecutorSampleRouter}).
   */
  public synchronized void executorSamples(ExecutorSamples message) {
    if (!closed) {
      ExecutorSampleRouter.route(
          queries, message, clock.millis(), conf.liveSampleTtl().toMillis());
    }
  }

  /**
   * Spark always sets both ids; an event without them is ignored, or it would replace the query's
   * state with one no later event of the real run could match.
   */
  private static boolean identified(UUID queryId, UUID runId) {
    if (queryId == null || runId == null) {
      LOG.debug("Ignoring a streaming query event without query or run id");
      return false;
    }
    return true;
  }

  private QueryState current(UUID id, UUID runId, String name) {
    QueryState q = queries.get(id);
    if (q == null || !q.runId.equals(runId)) {
      q = new QueryState(id, runId, name);
      queries.put(id, q);
    } else if (q.name == null && name != null) {
      q.name = name; // First seen through an event without a name (idle).
    }
    return q;
  }

  // ---------------------------------------------------------------- polling (poll thread)

  /**
   * One round of background work: inspect queries not yet inspected, read committed positions of
   * continuous queries (and of queries without progress yet), read end offsets from every cluster
   * in use, commit positions if configured, and close Admin clients no longer needed. A failing
   * cluster is logged when it starts and stops failing; it never stops the round.
   */
  public void poll() {
    inspect();
    probe();
    Map<KafkaConnection, Set<TopicPartition>> wanted = new HashMap<>();
    Map<KafkaConnection, List<PendingCommit>> commits = new HashMap<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      planBrokerCalls(wanted, commits);
    }
    Map<KafkaConnection, Map<TopicPartition, Long>> endOffsets = new HashMap<>();
    Map<KafkaConnection, Map<TopicPartition, Long>> earliestOffsets = new HashMap<>();
    Map<KafkaConnection, Long> readAt = new HashMap<>();
    for (Map.Entry<KafkaConnection, Set<TopicPartition>> e : wanted.entrySet()) {
      try {
        endOffsets.put(e.getKey(), brokers.endOffsets(e.getKey(), e.getValue()));
        readAt.put(e.getKey(), clock.millis());
        earliestOffsets.put(e.getKey(), brokers.earliestOffsets(e.getKey(), e.getValue()));
        health.recovered(e.getKey());
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception ex) {
        health.failed(e.getKey(), "reading end offsets", ex);
      }
    }
    synchronized (this) {
      applyEndOffsets(endOffsets, earliestOffsets, readAt);
      sampleTrends();
    }
    try {
      committer.commit(commits, this::committed);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
    Set<KafkaConnection> inUse = new HashSet<>(wanted.keySet());
    inUse.addAll(commits.keySet());
    health.retainOnly(inUse);
    brokers.retainOnly(inUse);
  }

  /** Inspects the queries not inspected yet; forgets those that are gone. */
  private void inspect() {
    Map<UUID, UUID> toInspect = new HashMap<>();
    synchronized (this) {
      queries.values().stream()
          .filter(q -> q.details == null)
          .forEach(q -> toInspect.put(q.id, q.runId));
    }
    Map<UUID, Inspection> inspections = new HashMap<>();
    toInspect.forEach((id, runId) -> inspections.put(id, inspector.inspect(id, runId)));
    synchronized (this) {
      inspections.forEach(
          (id, inspection) -> {
            QueryState q = queries.get(id);
            if (q == null || !q.runId.equals(toInspect.get(id))) {
              return;
            }
            if (inspection instanceof Found found) {
              q.setDetails(found.details());
            } else if (inspection instanceof Gone) {
              LOG.info("Query {} is no longer running; forgetting its lag", q.displayName());
              queries.remove(id);
            }
          });
    }
  }

  /** Reads the committed positions of inspected queries; forgets those no longer active. */
  private void probe() {
    Map<UUID, PositionProbe> toProbe = new HashMap<>();
    synchronized (this) {
      queries.values().stream()
          .filter(q -> q.details != null)
          .forEach(q -> toProbe.put(q.id, q.details.positions()));
    }
    Map<UUID, Optional<Map<TopicPartition, Long>>> probed = new HashMap<>();
    Map<UUID, Set<String>> groupIds = new HashMap<>();
    toProbe.forEach(
        (id, probe) -> {
          probed.put(id, inspector.probe(id, probe));
          groupIds.put(id, inspector.executorGroupIds(id, probe));
        });
    synchronized (this) {
      long now = clock.millis();
      probed.forEach(
          (id, positions) -> {
            QueryState q = queries.get(id);
            if (q == null || q.details == null || q.details.positions() != toProbe.get(id)) {
              return;
            }
            if (positions.isEmpty()) {
              LOG.info("Query {} is no longer active; forgetting its lag", q.displayName());
              queries.remove(id);
            } else {
              applyProbedPositions(q, positions.get(), now);
              q.executorGroupIds = groupIds.getOrDefault(id, Set.of());
            }
          });
    }
  }

  /**
   * Continuous queries report no progress: their committed positions are their observations. Other
   * queries use them only until their first progress (a Real-Time Mode batch lasts minutes; a
   * restarted query's position is known from its checkpoint at once).
   */
  private void applyProbedPositions(QueryState q, Map<TopicPartition, Long> positions, long now) {
    if (positions.isEmpty()) {
      return;
    }
    if (q.details.continuous()) {
      q.retainPartitions(positions.keySet());
      positions.forEach((tp, position) -> q.partition(tp, conf).observe(position, now));
    } else if (!q.progressSeen) {
      positions.forEach((tp, position) -> q.partition(tp, conf).setPosition(position));
    }
  }

  private void planBrokerCalls(
      Map<KafkaConnection, Set<TopicPartition>> wanted,
      Map<KafkaConnection, List<PendingCommit>> commits) {
    for (QueryState q : queries.values()) {
      for (TopicPartition tp : q.partitions.keySet()) {
        q.connectionFor(tp.topic(), conf.kafkaOverrides())
            .ifPresent(c -> wanted.computeIfAbsent(c, k -> new HashSet<>()).add(tp));
      }
      committer.plan(q, commits);
    }
    finalCommits.forEach(q -> committer.plan(q, commits));
    finalCommits.clear();
  }

  private void applyEndOffsets(
      Map<KafkaConnection, Map<TopicPartition, Long>> endOffsets,
      Map<KafkaConnection, Map<TopicPartition, Long>> earliestOffsets,
      Map<KafkaConnection, Long> readAt) {
    for (QueryState q : queries.values()) {
      q.partitions.forEach(
          (tp, p) -> {
            Optional<KafkaConnection> c = q.connectionFor(tp.topic(), conf.kafkaOverrides());
            Map<TopicPartition, Long> offsets = c.map(endOffsets::get).orElse(null);
            Long end = offsets == null ? null : offsets.get(tp);
            if (end != null) {
              p.latest.add(end, readAt.get(c.get()), true);
            }
            Map<TopicPartition, Long> earliest = c.map(earliestOffsets::get).orElse(null);
            Long start = earliest == null ? null : earliest.get(tp);
            if (start != null) {
              p.setEarliest(start);
            }
          });
    }
  }

  /** One trend sample per partition per poll round. */
  private void sampleTrends() {
    long now = clock.millis();
    long ttl = conf.liveSampleTtl().toMillis();
    queries.values().forEach(q -> q.partitions.values().forEach(p -> p.sampleTrend(now, ttl)));
  }

  /** A batch's positions reached the group: clear them unless a newer batch replaced them. */
  private synchronized void committed(PendingCommit pc) {
    QueryState q = queries.get(pc.queryId());
    if (q != null && q.pendingCommit == pc.batch()) {
      q.pendingCommit = null; // A newer batch may have replaced it: that one stays.
    }
  }

  // ---------------------------------------------------------------- reading (any thread)

  /** The latest lag of a running query, if it is tracked. */
  public synchronized Optional<QueryLagSnapshot> snapshot(UUID queryId) {
    QueryState q = queries.get(queryId);
    return q == null ? Optional.empty() : Optional.of(snapshotOf(q, clock.millis()));
  }

  /** The latest lag of every tracked query. */
  public synchronized List<QueryLagSnapshot> snapshots() {
    long now = clock.millis();
    List<QueryLagSnapshot> all = new ArrayList<>();
    queries.values().forEach(q -> all.add(snapshotOf(q, now)));
    return all;
  }

  /**
   * Whether the query's plan has been read (Kafka source options, trigger): until then end offsets
   * come only from progress events and {@code spark.kafkaRouted.lag.kafka.*}. For diagnostics.
   */
  public synchronized boolean isInspected(UUID queryId) {
    QueryState q = queries.get(queryId);
    return q != null && q.details != null;
  }

  /** Ids of the tracked (running) queries. */
  public synchronized Set<UUID> trackedQueries() {
    return Set.copyOf(queries.keySet());
  }

  private QueryLagSnapshot snapshotOf(QueryState q, long now) {
    return q.snapshot(now, conf);
  }

  /** Drops every query's state; later calls record nothing. Does not close the broker client. */
  public synchronized void close() {
    closed = true;
    queries.clear();
    finalCommits.clear();
  }
}
