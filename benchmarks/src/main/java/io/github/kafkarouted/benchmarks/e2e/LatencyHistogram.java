package io.github.kafkarouted.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of end-to-end latencies at millisecond resolution (Kafka timestamps have no finer one),
 * buckets 0 to {@link #MAX_BUCKET_MILLIS}; larger values count in the last bucket but {@link #max()}
 * stays exact; negative ones (clock steps) count as 0. Percentiles are exact to the millisecond
 * below the cap.
 *
 * <p>Not thread-safe: one writer; readers use it after the writer stopped.
 */
public final class LatencyHistogram {
  static final int MAX_BUCKET_MILLIS = 600_000;

  private final long[] counts = new long[MAX_BUCKET_MILLIS + 1];
  private long total;
  private long max;

  public void record(long millis) {
    long v = Math.max(0, millis);
    counts[(int) Math.min(MAX_BUCKET_MILLIS, v)]++;
    total++;
    max = Math.max(max, v);
  }

  public long count() {
    return total;
  }

  public long max() {
    return max;
  }

  /** The smallest latency at or below which at least {@code fraction} of the samples lie; 0 if empty. */
  public long percentile(double fraction) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return i == MAX_BUCKET_MILLIS ? max : i;
      }
    }
    return max;
  }

  /** The cumulative distribution: one point per non-empty bucket, (latency ms, fraction at or below). */
  public List<double[]> cdf() {
    List<double[]> points = new ArrayList<>();
    long seen = 0;
    for (int i = 0; i < counts.length && seen < total; i++) {
      if (counts[i] > 0) {
        seen += counts[i];
        points.add(new double[] {i == MAX_BUCKET_MILLIS ? max : i, (double) seen / total});
      }
    }
    return points;
  }
}
