package io.github.kafkarouted.it.demo;

import java.util.Arrays;

/**
 * Counts of end-to-end latencies at millisecond resolution (Kafka timestamps have no finer one),
 * from 0 to {@link #MAX_MILLIS}; larger values count in the last bucket, negative ones (clock skew
 * between hosts) in the first. Percentiles are exact to the millisecond.
 *
 * <p>Not thread-safe: one writer; readers take a {@link #copy()} under the owner's lock.
 */
final class LatencyHistogram {
  static final int MAX_MILLIS = 120_000;

  private final long[] counts = new long[MAX_MILLIS + 1];
  private long total;
  private long max;

  void record(long millis) {
    int bucket = (int) Math.max(0, Math.min(MAX_MILLIS, millis));
    counts[bucket]++;
    total++;
    max = Math.max(max, bucket);
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i <= other.max; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  void clear() {
    Arrays.fill(counts, 0, (int) max + 1, 0L);
    total = 0;
    max = 0;
  }

  LatencyHistogram copy() {
    LatencyHistogram c = new LatencyHistogram();
    c.add(this);
    return c;
  }

  long count() {
    return total;
  }

  /** Largest value recorded (capped at {@link #MAX_MILLIS}); 0 when empty. */
  long max() {
    return max;
  }

  /**
   * The smallest value v such that at least {@code quantile} of the values are at most v (so p50
   * of {1, 2} is 1, p99 of 100 values is the 99th smallest); -1 when empty.
   */
  long percentile(double quantile) {
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i <= max; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return i;
      }
    }
    return max;
  }
}
