package io.github.kafkarouted.lag.model;

import java.time.Instant;
import java.util.List;
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
 */
public record QueryLagSnapshot(
    UUID queryId, UUID runId, String queryName, Instant asOf, List<PartitionLag> partitions) {

  public QueryLagSnapshot {
    partitions = List.copyOf(partitions);
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

  /** The query's name, or its id when unnamed: the {@code query} metric label. */
  public String displayName() {
    return queryName == null || queryName.isEmpty() ? queryId.toString() : queryName;
  }
}
