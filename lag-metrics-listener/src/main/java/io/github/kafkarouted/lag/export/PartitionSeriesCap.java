package io.github.kafkarouted.lag.export;

import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which partitions get per-partition series when there are more than the cap ({@code
 * spark.kafkaRouted.lag.maxPartitionSeries}), over all queries: those with the largest lag, ties by
 * query id, topic and partition so the choice is stable while lags are equal. Per-query totals are
 * computed from every partition and are never capped: a query over thousands of partitions costs
 * a bounded number of series.
 *
 * <p>Immutable and thread-safe.
 */
public final class PartitionSeriesCap {

  private record Key(UUID queryId, String topic, int partition) {}

  private record Candidate(Key key, long lag) {}

  private static final Comparator<Candidate> LARGEST_LAG_FIRST =
      Comparator.comparingLong(Candidate::lag)
          .reversed()
          .thenComparing(c -> c.key().queryId())
          .thenComparing(c -> c.key().topic())
          .thenComparingInt(c -> c.key().partition());

  private final Set<Key> exported;
  private final boolean all;

  private PartitionSeriesCap(Set<Key> exported, boolean all) {
    this.exported = exported;
    this.all = all;
  }

  /** Selects at most {@code max} partitions of {@code snapshots} for per-partition series. */
  public static PartitionSeriesCap select(Collection<QueryLagSnapshot> snapshots, int max) {
    int total = snapshots.stream().mapToInt(q -> q.partitions().size()).sum();
    if (total <= max) {
      return new PartitionSeriesCap(Set.of(), true);
    }
    List<Candidate> candidates = new ArrayList<>(total);
    for (QueryLagSnapshot q : snapshots) {
      for (PartitionLag p : q.partitions()) {
        candidates.add(
            new Candidate(
                new Key(q.queryId(), p.topic(), p.partition()), p.lagOffsets().orElse(-1)));
      }
    }
    candidates.sort(LARGEST_LAG_FIRST);
    Set<Key> chosen = new HashSet<>();
    for (int i = 0; i < max; i++) {
      chosen.add(candidates.get(i).key());
    }
    return new PartitionSeriesCap(chosen, false);
  }

  /** Whether {@code p} of query {@code q} gets per-partition series. */
  public boolean exports(QueryLagSnapshot q, PartitionLag p) {
    return all || exported.contains(new Key(q.queryId(), p.topic(), p.partition()));
  }
}
