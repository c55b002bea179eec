package io.github.kafkarouted.lag.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkarouted.lag.model.PartitionStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusEvaluatorTest {

  private static final long STOP_AFTER = 60_000;

  private static PositionObservation at(long position, long lag, long time) {
    return new PositionObservation(position, lag, time);
  }

  private static PartitionStatus evaluate(List<PositionObservation> window, long lag, long now) {
    return StatusEvaluator.evaluate(window, 3, lag, now, STOP_AFTER);
  }

  @Test
  void caughtUpNowIsOk() {
    assertEquals(
        PartitionStatus.OK,
        evaluate(List.of(at(1, 5, 0), at(1, 5, 1), at(1, 5, 2)), 0, 1_000_000));
  }

  @Test
  void noEndOffsetKnownIsUnknown() {
    assertEquals(PartitionStatus.UNKNOWN, evaluate(List.of(at(1, -1, 0)), -1, 1));
    assertEquals(PartitionStatus.UNKNOWN, evaluate(List.of(), 5, 1));
  }

  @Test
  void positionGoingBackIsRewind() {
    assertEquals(PartitionStatus.REWIND, evaluate(List.of(at(10, 5, 0), at(4, 11, 1)), 11, 2));
  }

  @Test
  void silenceLongerThanTheThresholdIsStop() {
    List<PositionObservation> window = List.of(at(10, 5, 0), at(20, 5, 1_000));
    assertEquals(PartitionStatus.OK, evaluate(window, 5, 1_000 + STOP_AFTER));
    assertEquals(PartitionStatus.STOP, evaluate(window, 5, 1_000 + STOP_AFTER + 1));
  }

  @Test
  void stopThresholdGrowsWithTheWindowsTimeSpan() {
    // Batches every 5 minutes: 10 minutes of silence since the last is not yet STOP.
    List<PositionObservation> window =
        List.of(at(10, 5, 0), at(20, 5, 300_000), at(30, 5, 600_000));
    assertEquals(PartitionStatus.WARN, evaluate(window, 5, 1_200_000));
    assertEquals(PartitionStatus.STOP, evaluate(window, 5, 1_200_001));
  }

  @Test
  void zeroLagInTheWindowIsOk() {
    assertEquals(
        PartitionStatus.OK, evaluate(List.of(at(10, 0, 0), at(10, 5, 1), at(10, 5, 2)), 5, 3));
  }

  @Test
  void windowNotFullIsOk() {
    assertEquals(PartitionStatus.OK, evaluate(List.of(at(10, 5, 0), at(10, 5, 1)), 5, 2));
  }

  @Test
  void samePositionWithLagOverAFullWindowIsStall() {
    assertEquals(
        PartitionStatus.STALL, evaluate(List.of(at(10, 5, 0), at(10, 7, 1), at(10, 9, 2)), 9, 3));
  }

  @Test
  void advancingWithLagNeverShrinkingIsWarn() {
    assertEquals(
        PartitionStatus.WARN, evaluate(List.of(at(10, 5, 0), at(20, 5, 1), at(30, 8, 2)), 8, 3));
  }

  @Test
  void advancingWithLagShrinkingSomewhereIsOk() {
    assertEquals(
        PartitionStatus.OK, evaluate(List.of(at(10, 5, 0), at(20, 3, 1), at(30, 8, 2)), 8, 3));
  }
}
