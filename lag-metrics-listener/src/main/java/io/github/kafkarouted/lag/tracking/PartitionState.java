package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.model.PartitionLag;

import io.github.kafkarouted.lag.offsets.LatestOffsetTable;
import io.github.kafkarouted.lag.status.PositionObservation;
import io.github.kafkarouted.lag.status.StatusEvaluator;
import io.github.kafkarouted.lag.trend.RetentionRisk;
import io.github.kafkarouted.lag.trend.TrendWindow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * What the tracker knows about one partition of one query: its position (from batches and, in
 * Real-Time Mode with the plugin, from the executors' consumers), the samples of its end offset,
 * its earliest offset, the trend window and the window of position observations. Everything is
 * bounded by the table capacity and the window sizes.
 *
 * <p>Not thread-safe: guarded by the owning {@link LagTracker}.
 */
final class PartitionState {

  final LatestOffsetTable latest;
  private final int windowSize;
  private final ArrayDeque<PositionObservation> window;
  private final TrendWindow trend;
  private long position = -1;
  private long earliest = -1;
  /** Position the executors' consumers reported last, and when it arrived; -1 if none. */
  private long livePosition = -1;
  private long liveAtMillis;

  PartitionState(int tableSize, int windowSize, long trendWindowMillis) {
    this.latest = new LatestOffsetTable(tableSize);
    this.windowSize = windowSize;
    this.window = new ArrayDeque<>(windowSize + 1);
    this.trend = new TrendWindow(trendWindowMillis);
  }

  boolean hasPosition() {
    return position >= 0 || livePosition >= 0;
  }

  long position() {
    return position;
  }

  /** Sets the position without counting it as an observation (no evidence of activity). */
  void setPosition(long newPosition) {
    position = newPosition;
  }

  /** Records the position as one Burrow observation at {@code nowMillis}. */
  void observe(long newPosition, long nowMillis) {
    position = newPosition;
    window.addLast(new PositionObservation(newPosition, lagAt(newPosition), nowMillis));
    while (window.size() > windowSize) {
      window.removeFirst();
    }
  }

  void setEarliest(long earliestOffset) {
    earliest = earliestOffset;
  }

  /** The earliest offset last read from the broker, -1 if unknown. */
  long earliest() {
    return earliest;
  }

  /**
   * A position an executor's consumer reported. Within one run positions only move forward, so a
   * lower one (a consumer that read less, such as a retried task's) does not replace a higher one
   * received within the sample's lifetime.
   */
  void live(long consumerPosition, long nowMillis, long ttlMillis) {
    if (consumerPosition >= livePosition || nowMillis - liveAtMillis > ttlMillis) {
      livePosition = consumerPosition;
    }
    liveAtMillis = nowMillis;
  }

  /** Whether a live position arrived within {@code ttlMillis} and is ahead of the batches'. */
  boolean liveIsCurrent(long nowMillis, long ttlMillis) {
    return livePosition >= 0 && nowMillis - liveAtMillis <= ttlMillis && livePosition >= position;
  }

  /** The position to report: the live one while current, else the batches'. */
  long effectivePosition(long nowMillis, long ttlMillis) {
    return liveIsCurrent(nowMillis, ttlMillis) ? livePosition : position;
  }

  /** Adds one trend sample (one per poll round), once position and end offset are known. */
  void sampleTrend(long nowMillis, long ttlMillis) {
    long at = effectivePosition(nowMillis, ttlMillis);
    OptionalLong end = latest.latestOffset();
    if (at >= 0 && end.isPresent()) {
      trend.add(nowMillis, at, Math.max(end.getAsLong(), at));
    }
  }

  /** Lag in offsets of the batches' position, {@code -1} if no end offset is known or no position. */
  long currentLag() {
    return lagAt(position);
  }

  private long lagAt(long at) {
    OptionalLong end = latest.latestOffset();
    if (end.isEmpty() || at < 0) {
      return -1;
    }
    return Math.max(0, end.getAsLong() - at);
  }

  PartitionLag toRow(
      TopicPartition tp, long nowMillis, long stopAfterMillis, long ttlMillis, double warnRatio) {
    boolean live = liveIsCurrent(nowMillis, ttlMillis);
    long at = live ? livePosition : position;
    long lag = lagAt(at);
    OptionalDouble lagMillis = latest.lagMillis(at, nowMillis);
    RetentionRisk risk =
        RetentionRisk.of(earliest, latest.latestOffset().orElse(-1), at, warnRatio);
    return new PartitionLag(
        tp.topic(),
        tp.partition(),
        at,
        latest.latestOffset(),
        lag < 0 ? OptionalLong.empty() : OptionalLong.of(lag),
        lagMillis.isPresent() ? OptionalDouble.of(lagMillis.getAsDouble() / 1000.0) : lagMillis,
        StatusEvaluator.evaluate(
            new ArrayList<>(window), windowSize, lag, nowMillis, stopAfterMillis),
        live,
        earliest < 0 ? OptionalLong.empty() : OptionalLong.of(earliest),
        trend.consumeRate(),
        trend.produceRate(),
        trend.lagVelocity(),
        trend.catchUpSeconds(lag),
        risk.margin(),
        risk.status());
  }
}
