package io.github.kafkarouted.lag.trend;

import java.util.ArrayDeque;
import java.util.OptionalDouble;

/**
 * Samples of (time, position, end offset) of one partition over a sliding window, one per poll
 * round, and the rates they give: how fast the query consumes, how fast producers append, how fast
 * lag changes, and how long catching up takes at those rates. Rates are taken between the oldest
 * sample in the window and the newest, so a micro-batch query's position, which moves in steps,
 * averages out over the window.
 *
 * <p>Not thread-safe: the owner serializes access.
 */
public final class TrendWindow {

  private record Sample(long timeMillis, long position, long end) {}

  private final long windowMillis;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  public TrendWindow(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  /**
   * Adds a sample. Samples older than the newest are ignored; a position or end offset lower than
   * the newest sample's (the query rewound, the topic was recreated) starts the window afresh.
   */
  public void add(long timeMillis, long position, long end) {
    Sample newest = samples.peekLast();
    if (newest != null) {
      if (timeMillis <= newest.timeMillis()) {
        return;
      }
      if (position < newest.position() || end < newest.end()) {
        samples.clear();
      }
    }
    samples.addLast(new Sample(timeMillis, position, end));
    // Keep one sample at or before the window's start, so rates span the whole window.
    while (samples.size() > 2) {
      Sample second = secondOldest();
      if (timeMillis - second.timeMillis() >= windowMillis) {
        samples.removeFirst();
      } else {
        break;
      }
    }
  }

  private Sample secondOldest() {
    var it = samples.iterator();
    it.next();
    return it.next();
  }

  /** Offsets the query read per second over the window; empty with fewer than two samples. */
  public OptionalDouble consumeRate() {
    return rate(Sample::position);
  }

  /** Offsets appended per second over the window; empty with fewer than two samples. */
  public OptionalDouble produceRate() {
    return rate(Sample::end);
  }

  /** Change of lag per second over the window: positive while the query falls behind. */
  public OptionalDouble lagVelocity() {
    OptionalDouble produce = produceRate();
    OptionalDouble consume = consumeRate();
    return produce.isPresent() && consume.isPresent()
        ? OptionalDouble.of(produce.getAsDouble() - consume.getAsDouble())
        : OptionalDouble.empty();
  }

  /**
   * Seconds until the lag of {@code currentLag} offsets is gone at the window's rates: 0 without
   * lag, {@code +Infinity} when the lag does not shrink; empty with fewer than two samples.
   */
  public OptionalDouble catchUpSeconds(long currentLag) {
    if (currentLag == 0) {
      return OptionalDouble.of(0);
    }
    OptionalDouble velocity = lagVelocity();
    if (currentLag < 0 || velocity.isEmpty()) {
      return OptionalDouble.empty();
    }
    double shrinking = -velocity.getAsDouble();
    return OptionalDouble.of(shrinking > 0 ? currentLag / shrinking : Double.POSITIVE_INFINITY);
  }

  private OptionalDouble rate(java.util.function.ToLongFunction<Sample> value) {
    if (samples.size() < 2) {
      return OptionalDouble.empty();
    }
    Sample oldest = samples.peekFirst();
    Sample newest = samples.peekLast();
    double seconds = (newest.timeMillis() - oldest.timeMillis()) / 1000.0;
    return OptionalDouble.of(
        (value.applyAsLong(newest) - value.applyAsLong(oldest)) / seconds);
  }
}
