package io.github.kafkarouted.lag.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.lag.model.RetentionStatus;
import org.junit.jupiter.api.Test;

class TrendWindowTest {

  @Test
  void ratesSpanTheWindowAndOlderSamplesLeaveIt() {
    TrendWindow w = new TrendWindow(10_000);
    assertTrue(w.consumeRate().isEmpty());
    // 0-20 s: reads 50/s; producers append 10/s. Only the last 10 s (plus one sample) count.
    for (int s = 0; s <= 20; s++) {
      long position = s <= 10 ? 0 : 50L * (s - 10);
      w.add(s * 1000L, position, 1_000 + 10L * s);
    }
    assertEquals(50.0, w.consumeRate().getAsDouble(), 1e-9);
    assertEquals(10.0, w.produceRate().getAsDouble(), 1e-9);
    assertEquals(-40.0, w.lagVelocity().getAsDouble(), 1e-9);
    assertEquals(10.0, w.catchUpSeconds(400).getAsDouble(), 1e-9);
  }

  @Test
  void lagThatDoesNotShrinkNeverCatchesUpAndNoLagIsZero() {
    TrendWindow w = new TrendWindow(60_000);
    w.add(0, 100, 200);
    w.add(5_000, 100, 250); // Stuck while producers append.
    assertEquals(Double.POSITIVE_INFINITY, w.catchUpSeconds(150).getAsDouble());
    assertEquals(0.0, w.catchUpSeconds(0).getAsDouble());
  }

  @Test
  void aRewindStartsTheWindowAfresh() {
    TrendWindow w = new TrendWindow(60_000);
    w.add(0, 500, 1_000);
    w.add(1_000, 600, 1_000);
    w.add(2_000, 10, 1_000); // Restarted from an older checkpoint.
    assertTrue(w.consumeRate().isEmpty());
    w.add(3_000, 20, 1_000);
    assertEquals(10.0, w.consumeRate().getAsDouble(), 1e-9);
  }

  @Test
  void retentionRisk() {
    assertEquals(RetentionStatus.UNKNOWN, RetentionRisk.of(-1, 100, 50, 0.2).status());
    assertEquals(RetentionStatus.OK, RetentionRisk.of(0, 100, 100, 0.2).status());
    assertEquals(1.0, RetentionRisk.of(0, 100, 100, 0.2).margin().getAsDouble());
    assertEquals(RetentionStatus.OK, RetentionRisk.of(0, 0, 0, 0.2).status()); // Empty partition.
    assertEquals(RetentionStatus.OK, RetentionRisk.of(0, 100, 20, 0.2).status());
    assertEquals(RetentionStatus.WARN, RetentionRisk.of(0, 100, 19, 0.2).status());
    assertEquals(RetentionStatus.WARN, RetentionRisk.of(50, 100, 50, 0.2).status());
    assertEquals(RetentionStatus.LOST, RetentionRisk.of(51, 100, 50, 0.2).status());
  }
}
