package io.github.kafkarouted.lag.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.lag.offsets.LatestOffsetTable.Sample;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LatestOffsetTableTest {

  private static LatestOffsetTable table(long... offsetTimePairs) {
    LatestOffsetTable t = new LatestOffsetTable(10);
    for (int i = 0; i < offsetTimePairs.length; i += 2) {
      t.add(offsetTimePairs[i], offsetTimePairs[i + 1], true);
    }
    return t;
  }

  @Test
  void interpolatesBetweenTheSamplesAroundThePosition() {
    // 10 records per second.
    LatestOffsetTable t = table(0, 0, 100, 10_000, 200, 20_000);

    // Record 150 exists once the end reaches 151: at 15.1 s.
    assertEquals(30_000 - 15_100, t.lagMillis(150, 30_000).getAsDouble(), 1e-9);
  }

  @Test
  void extrapolatesBeforeTheOldestSampleAtTheTablesAverageRate() {
    LatestOffsetTable t = table(100, 10_000, 200, 20_000);

    // Record 49 appeared at 100 + ... : end reached 50 at 10 s - 50 * 100 ms = 5 s.
    assertEquals(15_000, t.lagMillis(49, 20_000).getAsDouble(), 1e-9);
  }

  @Test
  void caughtUpIsZero() {
    LatestOffsetTable t = table(0, 0, 100, 10_000);

    assertEquals(OptionalDouble.of(0), t.lagMillis(100, 99_000));
    assertEquals(OptionalDouble.of(0), t.lagMillis(150, 99_000));
  }

  @Test
  void noEstimateWithoutTwoSamples() {
    assertEquals(OptionalDouble.empty(), new LatestOffsetTable(5).lagMillis(0, 1));
    assertEquals(OptionalDouble.empty(), table(100, 0).lagMillis(50, 1_000));
  }

  @Test
  void flatStretchKeepsOnlyItsFirstAndLastSample() {
    LatestOffsetTable t = table(0, 0, 100, 1_000, 100, 2_000, 100, 3_000, 100, 4_000);

    assertEquals(
        List.of(new Sample(0, 0), new Sample(100, 1_000), new Sample(100, 4_000)), t.samples());
    // Record 99 appeared before the end reached 100 (at 1 s), not during the flat stretch.
    assertEquals(10_000 - 1_000, t.lagMillis(99, 10_000).getAsDouble(), 1e-9);
  }

  @Test
  void oldestSamplesLeaveWhenFull() {
    LatestOffsetTable t = new LatestOffsetTable(3);
    for (int i = 0; i < 100; i++) {
      t.add(i * 10L, i * 1_000L, true);
    }

    assertEquals(3, t.size());
    assertEquals(new Sample(970, 97_000), t.samples().get(0));
  }

  @Test
  void sampleOlderThanTheNewestIsIgnored() {
    LatestOffsetTable t = table(100, 10_000);
    t.add(200, 5_000, true);

    assertEquals(List.of(new Sample(100, 10_000)), t.samples());
  }

  @Test
  void brokerSampleBelowTheNewestRestartsTheTable() {
    LatestOffsetTable t = table(100, 1_000, 200, 2_000);
    t.add(5, 3_000, true);

    assertEquals(List.of(new Sample(5, 3_000)), t.samples());
  }

  @Test
  void reportedSampleBelowTheNewestIsIgnored() {
    LatestOffsetTable t = table(100, 1_000, 200, 2_000);
    t.add(150, 3_000, false);

    assertEquals(OptionalLong.of(200), t.latestOffset());
    assertEquals(2, t.size());
  }

  @Test
  void capacityBelowTwoIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LatestOffsetTable(1));
    assertTrue(e.getMessage().contains("at least 2"));
  }
}
