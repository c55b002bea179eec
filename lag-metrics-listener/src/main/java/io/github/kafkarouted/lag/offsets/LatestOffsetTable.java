package io.github.kafkarouted.lag.offsets;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A bounded table of (latest offset, time) samples of one partition, used to estimate lag in
 * seconds the way kafka-lag-exporter does: the time at which the consumed position was the
 * partition's end is interpolated between the two samples around it (or extrapolated from the
 * oldest and newest), and lag in seconds is now minus that time.
 *
 * <p>Like kafka-lag-exporter's lookup table, a run of equal offsets keeps only its first and last
 * sample, so an idle partition does not push useful history out of the table; a sample older than
 * the newest is ignored; an authoritative sample lower than the newest (topic recreated) starts
 * the table afresh.
 *
 * <p>Not thread-safe: the owner serializes access.
 */
public final class LatestOffsetTable {

  /** One sample: the partition's end offset was {@code offset} at {@code timeMillis}. */
  public record Sample(long offset, long timeMillis) {}

  private final int capacity;
  private final List<Sample> samples = new ArrayList<>();

  public LatestOffsetTable(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Adds a sample.
   *
   * @param authoritative true for offsets read from the broker just now; false for offsets reported
   *     by the query (e.g. a progress's {@code latestOffset}), which may be stale and so never
   *     lower the table
   */
  public void add(long offset, long timeMillis, boolean authoritative) {
    if (samples.isEmpty()) {
      samples.add(new Sample(offset, timeMillis));
      return;
    }
    Sample newest = samples.get(samples.size() - 1);
    if (timeMillis < newest.timeMillis()) {
      return;
    }
    if (offset < newest.offset()) {
      if (!authoritative) {
        return;
      }
      samples.clear();
      samples.add(new Sample(offset, timeMillis));
      return;
    }
    int n = samples.size();
    if (offset == newest.offset() && n >= 2 && samples.get(n - 2).offset() == offset) {
      samples.set(n - 1, new Sample(offset, timeMillis));
      return;
    }
    samples.add(new Sample(offset, timeMillis));
    if (samples.size() > capacity) {
      samples.remove(0);
    }
  }

  /** The newest end offset seen, if any. */
  public OptionalLong latestOffset() {
    return samples.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(samples.get(samples.size() - 1).offset());
  }

  /** Time of the newest sample, if any. */
  public OptionalLong latestTimeMillis() {
    return samples.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(samples.get(samples.size() - 1).timeMillis());
  }

  /**
   * Estimated age in milliseconds of the oldest record not yet consumed at {@code position} (the
   * next offset to read).
   *
   * @return 0 when the position has reached the newest end offset; empty when the table is empty,
   *     or has a single sample above the position (no rate to interpolate with)
   */
  public OptionalDouble lagMillis(long position, long nowMillis) {
    if (samples.isEmpty()) {
      return OptionalDouble.empty();
    }
    Sample newest = samples.get(samples.size() - 1);
    if (position >= newest.offset()) {
      return OptionalDouble.of(0);
    }
    if (samples.size() < 2) {
      return OptionalDouble.empty();
    }
    // The record at `position` exists once the end offset reaches position + 1.
    double target = position + 1.0;
    double appendedAt = appendTime(target);
    return OptionalDouble.of(Math.max(0.0, nowMillis - appendedAt));
  }

  /** Interpolated time at which the end offset reached {@code target} (below the newest). */
  private double appendTime(double target) {
    Sample oldest = samples.get(0);
    if (target <= oldest.offset()) {
      Sample newest = samples.get(samples.size() - 1);
      if (newest.offset() == oldest.offset()) {
        // No movement in the whole table: all we know is "before the oldest sample".
        return oldest.timeMillis();
      }
      return interpolate(oldest, newest, target);
    }
    // Last sample below target; the one after it is at or above target.
    int i = samples.size() - 1;
    while (samples.get(i).offset() >= target) {
      i--;
    }
    return interpolate(samples.get(i), samples.get(i + 1), target);
  }

  private static double interpolate(Sample a, Sample b, double target) {
    double millisPerOffset = (double) (b.timeMillis() - a.timeMillis()) / (b.offset() - a.offset());
    return a.timeMillis() + (target - a.offset()) * millisPerOffset;
  }

  /** Number of samples held (at most the capacity). */
  public int size() {
    return samples.size();
  }

  /** The samples, oldest first (a copy). */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }
}
