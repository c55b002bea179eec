package io.github.kafkarouted.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's plain-Java parts: input records, the histogram, settings, arguments, the report's target lines. */
class HarnessPiecesTest {

  @Test
  void everyValueHasTheSameSizeAndCarriesItsSendStamp() {
    for (long seq : new long[] {0, 1, 199, 12_345, 9_999_999}) {
      byte[] value = StampedEvents.value(seq, 1_764_000_000_123L);
      assertEquals(StampedEvents.VALUE_BYTES, value.length, "record " + seq);
      assertEquals(1_764_000_000_123L, StampedEvents.sentMillis(value));
    }
    assertEquals(-1, StampedEvents.sentMillis("{\"seq\":1}".getBytes()));
    assertTrue(StampedEvents.invalid(199));
    assertFalse(StampedEvents.invalid(200));
    assertTrue(new String(StampedEvents.value(199, 1)).contains("\"user_id\":\"u-"));
  }

  @Test
  void histogramPercentilesAreExactToTheMillisecond() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 1; i <= 1000; i++) {
      h.record(i);
    }
    h.record(-5); // clock step: counts as 0
    h.record(700_000); // above the last bucket: max stays exact

    assertEquals(1002, h.count());
    assertEquals(500, h.percentile(0.50));
    assertEquals(991, h.percentile(0.99));
    assertEquals(700_000, h.max());
    assertEquals(700_000, h.percentile(1.0));
    List<double[]> cdf = h.cdf();
    assertEquals(0, cdf.get(0)[0]);
    assertEquals(1.0, cdf.get(cdf.size() - 1)[1]);
  }

  @Test
  void fullRunCoversEverySinkUnderEveryTriggerWithinTwentyMinutes() {
    HarnessSettings full = HarnessSettings.full(Path.of("out"));
    assertEquals(E2eSink.MATRIX.size() * E2eTrigger.values().length, full.cells().size());
    Duration latencyPart =
        full.warmup().plus(full.measure()).plusSeconds(5).multipliedBy(full.cells().size());
    assertTrue(latencyPart.compareTo(Duration.ofMinutes(17)) <= 0, "latency cells alone take " + latencyPart);
  }

  @Test
  void argumentsSelectModeCellsAndOutput() {
    HarnessSettings s =
        LatencyHarness.parse(
            new String[] {"--quick", "--out", "/tmp/x", "--cells", "kafka/realtime-5min,kafka-routed-foreach/continuous-1s"});
    assertEquals("quick", s.mode());
    assertEquals(Path.of("/tmp/x"), s.outDir());
    assertEquals(
        List.of(
            new HarnessSettings.Cell(E2eSink.STOCK, E2eTrigger.REALTIME_5MIN),
            new HarnessSettings.Cell(E2eSink.ROUTED_FOREACH, E2eTrigger.CONTINUOUS_1S)),
        s.cells());
    assertTrue(LatencyHarness.parse(new String[] {"--cells", "none"}).cells().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> LatencyHarness.parse(new String[] {"--cells", "kafka"}));
    assertThrows(IllegalArgumentException.class, () -> LatencyHarness.parse(new String[] {"--bogus"}));
  }

  @Test
  void targetLinesSayMetOrMissedByHowMuch() {
    HarnessReport report =
        new HarnessReport(
            "test", "now", 1, Map.of(), Map.of(),
            List.of(cell(E2eSink.STOCK, E2eTrigger.REALTIME_5MIN, 10), cell(E2eSink.ROUTED, E2eTrigger.REALTIME_5MIN, 12),
                cell(E2eSink.ROUTED_FOREACH, E2eTrigger.CONTINUOUS_1S, 900)),
            List.of(
                saturation(E2eSink.STOCK, 1, 50_000), saturation(E2eSink.STOCK, 2, 100_000),
                saturation(E2eSink.ROUTED, 1, 10_000), saturation(E2eSink.ROUTED, 2, 70_000)));

    List<String> lines = ReportFiles.targets(report);

    assertTrue(lines.contains("RTM 5 min, kafka-routed p99 ≤ 1.1 × stock p99: **missed** by 9% (12 ms vs 10 ms, 1.20×)"), lines.toString());
    assertTrue(lines.contains("RTM 5 min, kafka-routed p99 < 15 ms: **met** (12 ms)"), lines.toString());
    assertTrue(lines.contains("Every RTM and continuous cell p99 < 800 ms: **missed** in kafka-routed-foreach/continuous-1s 900 ms"), lines.toString());
    // Round 1 is the JIT warm-up: 70,000 vs 100,000 rows/s, not 40,000 vs 75,000.
    assertTrue(lines.contains("Saturation, kafka-routed (routing + validation + DLQ) ≥ 0.8 × kafka: **missed** by 13% (70,000 vs 100,000 rows/s, 0.70×)"), lines.toString());
  }

  private static CellResult cell(E2eSink sink, E2eTrigger trigger, long p99) {
    return new CellResult(sink.label(), trigger.label(), "ok", "", 1, 1, 1, 0, 1, 1, 1, 1, p99, p99, p99, List.of());
  }

  private static SaturationResult saturation(E2eSink sink, int round, double rowsPerSecond) {
    return new SaturationResult(sink.label(), round, "ok", "", 1, 1, 1, 1, rowsPerSecond, rowsPerSecond);
  }
}
