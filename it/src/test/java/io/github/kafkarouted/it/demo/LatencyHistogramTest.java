package io.github.kafkarouted.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesAreTheSmallestValueCoveringTheQuantile() {
    LatencyHistogram h = new LatencyHistogram();
    for (int v = 1; v <= 100; v++) {
      h.record(v);
    }
    assertEquals(100, h.count());
    assertEquals(50, h.percentile(0.50));
    assertEquals(99, h.percentile(0.99));
    assertEquals(100, h.percentile(1.0));
    assertEquals(100, h.max());
  }

  @Test
  void emptyHasNoPercentile() {
    assertEquals(-1, new LatencyHistogram().percentile(0.5));
  }

  @Test
  void negativeAndHugeValuesAreClamped() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(-5);
    h.record(10_000_000);
    assertEquals(0, h.percentile(0.5));
    assertEquals(LatencyHistogram.MAX_MILLIS, h.max());
  }

  @Test
  void addAndClearCombineAndReset() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(3);
    b.record(7);
    a.add(b);
    assertEquals(2, a.count());
    assertEquals(7, a.percentile(1.0));
    a.clear();
    assertEquals(0, a.count());
    assertEquals(-1, a.percentile(0.5));
  }
}
