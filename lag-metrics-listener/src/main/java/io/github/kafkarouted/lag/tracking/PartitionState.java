package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.model.PartitionLag;

import io.github.kafkarouted.lag.offsets.LatestOffsetTable;
import io.github.kafkarouted.lag.status.PositionObservation;
import io.github.kafkarouted.lag.status.StatusEvaluator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * What the tracker knows about one partition of one query: its position, the samples of its end
 * offset and the window of position observations. Everything is bounded by the table capacity and
 * the window size.
 *
 * <p>Not thread-safe: guarded by the owning {@link LagTracker}.
 */
final class PartitionState {

  final LatestOffsetTable latest;
  private final int windowSize;
  private final ArrayDeque<PositionObservation> window;
  private long position = -1;

  PartitionState(int tableSize, int windowSize) {
    this.latest = new LatestOffsetTable(tableSize);
    this.windowSize = windowSize;
    this.window = new ArrayDeque<>(windowSize + 1);
  }

  boolean hasPosition() {
    return position >= 0;
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
    window.addLast(new PositionObservation(newPosition, currentLag(), nowMillis));
    while (window.size() > windowSize) {
      window.removeFirst();
    }
  }

  /** Lag in offsets now, {@code -1} if no end offset is known or no position. */
  long currentLag() {
    OptionalLong end = latest.latestOffset();
    if (end.isEmpty() || position < 0) {
      return -1;
    }
    return Math.max(0, end.getAsLong() - position);
  }

  PartitionLag toRow(TopicPartition tp, long nowMillis, long stopAfterMillis) {
    long lag = currentLag();
    OptionalDouble lagMillis = latest.lagMillis(position, nowMillis);
    return new PartitionLag(
        tp.topic(),
        tp.partition(),
        position,
        latest.latestOffset(),
        lag < 0 ? OptionalLong.empty() : OptionalLong.of(lag),
        lagMillis.isPresent() ? OptionalDouble.of(lagMillis.getAsDouble() / 1000.0) : lagMillis,
        StatusEvaluator.evaluate(
            new ArrayList<>(window), windowSize, lag, nowMillis, stopAfterMillis));
  }
}
