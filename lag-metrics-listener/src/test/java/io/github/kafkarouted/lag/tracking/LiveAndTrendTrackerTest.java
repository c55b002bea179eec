package io.github.kafkarouted.lag.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.lag.live.ConsumerPartitionSample;
import io.github.kafkarouted.lag.live.ExecutorSamples;
import io.github.kafkarouted.lag.live.SinkOutcomeSample;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.RetentionStatus;
import io.github.kafkarouted.lag.tracking.FakeInspector.FakeProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Live positions from executors (Real-Time Mode), trends and retention risk in the tracker. */
class LiveAndTrendTrackerTest {

  private static final String BOOTSTRAP = "b1:9092";
  private static final Map<String, String> SOURCE_OPTIONS =
      Map.of("subscribe", "t.x", "kafka.bootstrap.servers", BOOTSTRAP);
  private static final String GROUP = "spark-kafka-source-abc-123-executor";
  private static final TopicPartition TP = new TopicPartition("t.x", 0);

  private final FakeClock clock = new FakeClock(1_000_000);
  private final FakeBrokers brokers = new FakeBrokers();
  private final FakeInspector inspector = new FakeInspector();
  private final UUID id = UUID.randomUUID();
  private final UUID run = UUID.randomUUID();

  private LagTracker tracker() {
    return new LagTracker(
        LagListenerConf.from(Map.of(LagListenerConf.TREND_WINDOW, "30s")),
        clock,
        brokers,
        inspector);
  }

  /** A Real-Time Mode query whose running batch started at offset 100 of t.x/0. */
  private LagTracker realTimeQuery(boolean realTime) {
    FakeProbe probe = inspector.found(id, false, realTime, SOURCE_OPTIONS);
    probe.positions = Map.of(TP, 100L);
    probe.groupIds = Set.of(GROUP);
    brokers.setEnd(BOOTSTRAP, "t.x", 0, 1_000);
    brokers.setEarliest(BOOTSTRAP, "t.x", 0, 40);
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "rtm");
    tracker.poll();
    return tracker;
  }

  private static ExecutorSamples samples(ConsumerPartitionSample... s) {
    return new ExecutorSamples("1", List.of(s));
  }

  /** A consumer of the query's group that polled just now; topic tagged as Kafka tags it. */
  private static ConsumerPartitionSample polling(String group, long lead, long lag) {
    return new ConsumerPartitionSample("consumer-" + group + "-7", "t_x", 0, lead, lag, 0);
  }

  private PartitionLag row(LagTracker tracker) {
    return tracker.snapshot(id).orElseThrow().partitions().get(0);
  }

  @Test
  void realTimeModePositionComesFromTheExecutorsConsumers() {
    LagTracker tracker = realTimeQuery(true);
    assertEquals(100, row(tracker).consumedOffset()); // The batch's start, as without the plugin.
    assertFalse(row(tracker).livePosition());

    // Position = earliest 40 + lead 910 = 950; the consumer saw the end at 950 + 60 = 1010.
    tracker.executorSamples(samples(polling(GROUP, 910, 60)));

    PartitionLag live = row(tracker);
    assertTrue(live.livePosition());
    assertEquals(950, live.consumedOffset());
    assertEquals(OptionalLong.of(1_010), live.latestOffset());
    assertEquals(OptionalLong.of(60), live.lagOffsets());
  }

  @Test
  void samplesOfOtherQueriesIdleConsumersAndOtherTriggersAreIgnored() {
    LagTracker tracker = realTimeQuery(true);
    tracker.executorSamples(
        samples(
            polling("spark-kafka-source-other-1-executor", 900, 0),
            new ConsumerPartitionSample("consumer-" + GROUP + "-2", "t_x", 0, 900, 0, 30)));
    assertEquals(100, row(tracker).consumedOffset());

    LagTracker microBatch = realTimeQuery(false);
    microBatch.executorSamples(samples(polling(GROUP, 910, 60)));
    assertEquals(100, row(microBatch).consumedOffset());
  }

  @Test
  void liveSamplesExpireBackToTheBatchPosition() {
    LagTracker tracker = realTimeQuery(true);
    tracker.executorSamples(samples(polling(GROUP, 910, 60)));
    assertEquals(950, row(tracker).consumedOffset());

    clock.advance(Duration.ofSeconds(4)); // Past the 3 s lifetime of a 1 s sampling interval.
    assertEquals(100, row(tracker).consumedOffset());
    assertFalse(row(tracker).livePosition());
  }

  @Test
  void aLowerPositionDoesNotReplaceAHigherOneWhileBothAreFresh() {
    LagTracker tracker = realTimeQuery(true);
    tracker.executorSamples(samples(polling(GROUP, 910, 60), polling(GROUP, 500, 500)));
    assertEquals(950, row(tracker).consumedOffset());
  }

  @Test
  void trendsGiveVelocityRatesAndTimeToCatchUp() {
    FakeProbe probe = inspector.found(id, true, false, SOURCE_OPTIONS); // continuous: probed
    brokers.setEarliest(BOOTSTRAP, "t.x", 0, 0);
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "c");
    // Producers append 100/s; the query reads 300/s: lag shrinks by 200/s.
    for (int s = 0; s <= 10; s++) {
      brokers.setEnd(BOOTSTRAP, "t.x", 0, 10_000 + 100L * s);
      probe.positions = Map.of(TP, 4_000 + 300L * s);
      tracker.poll();
      if (s < 10) {
        clock.advance(Duration.ofSeconds(1));
      }
    }
    PartitionLag p = row(tracker);
    assertEquals(OptionalLong.of(4_000), p.lagOffsets()); // 11,000 - 7,000
    assertEquals(300.0, p.consumeRate().getAsDouble(), 1e-9);
    assertEquals(100.0, p.produceRate().getAsDouble(), 1e-9);
    assertEquals(-200.0, p.lagVelocity().getAsDouble(), 1e-9);
    assertEquals(20.0, p.catchUpSeconds().getAsDouble(), 1e-9);
  }

  @Test
  void retentionRiskWarnsBeforeRecordsAreLostThenSaysLost() {
    FakeProbe probe = inspector.found(id, true, false, SOURCE_OPTIONS);
    probe.positions = Map.of(TP, 1_000L);
    brokers.setEnd(BOOTSTRAP, "t.x", 0, 2_000);
    brokers.setEarliest(BOOTSTRAP, "t.x", 0, 0);
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "paused");
    tracker.poll();
    assertEquals(RetentionStatus.OK, row(tracker).retentionStatus());
    assertEquals(0.5, row(tracker).retentionMargin().getAsDouble(), 1e-9);

    brokers.setEarliest(BOOTSTRAP, "t.x", 0, 900); // Segments deleted up to 900.
    tracker.poll();
    assertEquals(RetentionStatus.WARN, row(tracker).retentionStatus()); // (1000-900)/1100 < 0.2
    assertEquals(
        RetentionStatus.WARN, tracker.snapshot(id).orElseThrow().worstRetentionStatus());

    brokers.setEarliest(BOOTSTRAP, "t.x", 0, 1_200);
    tracker.poll();
    assertEquals(RetentionStatus.LOST, row(tracker).retentionStatus());
    assertTrue(row(tracker).retentionMargin().isEmpty());
  }

  @Test
  void sinkCountsAreTheLargerOfProgressAndTheExecutorsAndNeverGoDown() {
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "sink");
    tracker.progressMade(
        new ProgressReport(
            id, run, "sink", 0, List.of(), Map.of("rowsIn", "10", "rowsRouted", "9", "numOutputRows", "x")));
    assertEquals(Map.of("rowsIn", 10L, "rowsRouted", 9L), sink(tracker));

    // Two executors' live counts (mid-batch): ahead of the committed batches.
    tracker.executorSamples(live("1", Map.of("rowsIn", 8L, "rowsRouted", 8L)));
    tracker.executorSamples(live("2", Map.of("rowsIn", 7L, "rowsRouted", 5L)));
    assertEquals(Map.of("rowsIn", 15L, "rowsRouted", 13L), sink(tracker));

    // Executor 2's counters restarted (its idle run was dropped): what it counted stays.
    tracker.executorSamples(live("2", Map.of("rowsIn", 1L, "rowsRouted", 1L)));
    assertEquals(Map.of("rowsIn", 16L, "rowsRouted", 14L), sink(tracker));

    // Another run's counts and other sinks' metrics are not this run's.
    tracker.executorSamples(
        new ExecutorSamples(
            "1",
            List.of(),
            List.of(
                new SinkOutcomeSample(id.toString(), UUID.randomUUID().toString(), Map.of("rowsIn", 99L)))));
    tracker.progressMade(new ProgressReport(id, run, "sink", 1, List.of(), Map.of("numOutputRows", "5")));
    assertEquals(16L, sink(tracker).get("rowsIn"));
  }

  private ExecutorSamples live(String executor, Map<String, Long> totals) {
    return new ExecutorSamples(
        executor, List.of(), List.of(new SinkOutcomeSample(id.toString(), run.toString(), totals)));
  }

  private Map<String, Long> sink(LagTracker tracker) {
    return tracker.snapshot(id).orElseThrow().sinkOutcomes();
  }

  /**
   * Low traffic, one record now and then: lag in seconds is 0 whenever the query has read
   * everything, however long the partition stayed idle, and a new record shows its real age (not
   * the idle stretch before it) until the query reads it: no sawtooth.
   */
  @Test
  void timeLagIsZeroOnAnIdlePartitionAndOnlyTheNewRecordsAgeOtherwise() {
    FakeProbe probe = inspector.found(id, true, false, SOURCE_OPTIONS);
    probe.positions = Map.of(TP, 100L);
    brokers.setEnd(BOOTSTRAP, "t.x", 0, 100);
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "quiet");
    for (int i = 0; i < 30; i++) { // Five idle minutes, one poll every 10 s.
      tracker.poll();
      assertEquals(0.0, row(tracker).lagSeconds().getAsDouble());
      clock.advance(Duration.ofSeconds(10));
    }
    brokers.setEnd(BOOTSTRAP, "t.x", 0, 101); // One record, appended within the last 10 s.
    tracker.poll();
    clock.advance(Duration.ofSeconds(2));
    double age = row(tracker).lagSeconds().getAsDouble();
    assertTrue(age <= 12.0, "age of the one unread record, not of the idle stretch: " + age);
    probe.positions = Map.of(TP, 101L); // Read.
    tracker.poll();
    assertEquals(0.0, row(tracker).lagSeconds().getAsDouble());
  }
}
