package io.github.kafkarouted.lag.model;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * Lag of every Kafka topic-partition one running streaming query reads, as of {@link #asOf()}.
 * Immutable; partitions are ordered by topic then partition.
 *
 * @param queryId the query's id (stable across restarts from the same checkpoint)
 * @param runId the current run's id
 * @param queryName the query's name, or {@code null} if unnamed
 * @param asOf when the snapshot was taken
 * @param partitions one row per topic-partition whose position is known
 * @param sinkOutcomes the kafka-routed sink's counts of this run by their {@code sink.metrics}
 *     names ({@code rowsIn}, {@code rowsRouted}, {@code recordsSent.route.<label>}, {@code
 *     deadLetters.reason.<REASON>}, ...); empty if the query has no kafka-routed sink
 */
public record QueryLagSnapshot(
    UUID queryId,
    UUID runId,
    String queryName,
    Instant asOf,
    List<PartitionLag> partitions,
    Map<String, Long> sinkOutcomes) {

  public QueryLagSnapshot {
    partitions = List.copyOf(partitions);
    sinkOutcomes = Collections.unmodifiableMap(new TreeMap<>(sinkOutcomes));
  }

  /** A snapshot of a query without sink counts. */
  public QueryLagSnapshot(
      UUID queryId, UUID runId, String queryName, Instant asOf, List<PartitionLag> partitions) {
    this(queryId, runId, queryName, asOf, partitions, Map.of());
  }

  /** Sum of the known per-partition lags in offsets. */
  public long totalLagOffsets() {
    return partitions.stream().mapToLong(p -> p.lagOffsets().orElse(0)).sum();
  }

  /** Largest known per-partition lag in offsets (0 if none is known). */
  public long maxLagOffsets() {
    return partitions.stream().mapToLong(p -> p.lagOffsets().orElse(0)).max().orElse(0);
  }

  /** Largest known per-partition lag in seconds; empty if none is known. */
  public OptionalDouble maxLagSeconds() {
    return partitions.stream()
        .filter(p -> p.lagSeconds().isPresent())
        .mapToDouble(p -> p.lagSeconds().getAsDouble())
        .max();
  }

  /** Sum of the partitions' lag velocities (offsets per second); empty if none is known. */
  public OptionalDouble lagVelocity() {
    double[] known =
        partitions.stream()
            .filter(p -> p.lagVelocity().isPresent())
            .mapToDouble(p -> p.lagVelocity().getAsDouble())
            .toArray();
    return known.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum(known));
  }

  /** The longest estimated time to catch up of any partition; empty if none is known. */
  public OptionalDouble maxCatchUpSeconds() {
    return partitions.stream()
        .filter(p -> p.catchUpSeconds().isPresent())
        .mapToDouble(p -> p.catchUpSeconds().getAsDouble())
        .max();
  }

  /** The smallest retention margin of any partition; empty if none is known. */
  public OptionalDouble minRetentionMargin() {
    return partitions.stream()
        .filter(p -> p.retentionMargin().isPresent())
        .mapToDouble(p -> p.retentionMargin().getAsDouble())
        .min();
  }

  /** The worst retention status of any partition: LOST, then WARN, then OK, else UNKNOWN. */
  public RetentionStatus worstRetentionStatus() {
    RetentionStatus worst = RetentionStatus.UNKNOWN;
    for (PartitionLag p : partitions) {
      if (p.retentionStatus().code() > worst.code()) {
        worst = p.retentionStatus();
      }
    }
    return worst;
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /** The query's name, or its id when unnamed: the {@code query} metric label. */
  public String displayName() {
    return queryName == null || queryName.isEmpty() ? queryId.toString() : queryName;
  }
}
