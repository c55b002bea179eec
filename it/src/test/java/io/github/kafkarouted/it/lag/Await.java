package io.github.kafkarouted.it.lag;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Polls a condition until a deadline instead of sleeping a fixed time: the tests wait for
 * events (a batch, a poll round, a snapshot) and never for a guessed duration.
 *
 * <p>Stateless and thread-safe.
 */
public final class Await {

  private static final long PAUSE_MILLIS = 100;

  private Await() {}

  /**
   * Returns the first value {@code probe} yields within {@code timeout}.
   *
   * @param what what is awaited, for the failure message
   * @param state the current state, described in the failure message
   * @throws AssertionFailedError if the deadline passes first
   */
  public static <T> T until(
      Duration timeout, String what, Supplier<Optional<T>> probe, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionFailedError(
            "Timed out after " + timeout.toSeconds() + " s waiting for " + what + "; state: "
                + state.get());
      }
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionFailedError("Interrupted waiting for " + what, e);
      }
    }
  }

  /** Waits until {@code condition} holds. */
  public static void untilTrue(
      Duration timeout, String what, Supplier<Boolean> condition, Supplier<String> state) {
    until(timeout, what, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty(), state);
  }
}
