package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.PartitionStatus;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.lag.tracking.FakeInspector.FakeProbe;
import io.github.kafkarouted.lag.tracking.ProgressReport.SourceReport;
import io.github.kafkarouted.lag.tracking.QueryInspector.Gone;
import io.github.kafkarouted.lag.offsets.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagTrackerTest {

  private static final String SOURCE = "KafkaV2[Subscribe[t]]";
  private static final Map<String, String> SOURCE_OPTIONS =
      Map.of("subscribe", "t", "kafka.bootstrap.servers", "b1:9092");

  private final FakeClock clock = new FakeClock(1_000_000);
  private final FakeBrokers brokers = new FakeBrokers();
  private final FakeInspector inspector = new FakeInspector();
  private final UUID id = UUID.randomUUID();
  private final UUID run = UUID.randomUUID();

  private LagTracker tracker(String... settings) {
    Map<String, String> conf = new HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      conf.put(settings[i], settings[i + 1]);
    }
    return new LagTracker(LagListenerConf.from(conf), clock, brokers, inspector);
  }

  private ProgressReport progress(long batch, String end, String latest) {
    return new ProgressReport(
        id, run, "q1", batch, List.of(new SourceReport(SOURCE, null, end, latest)));
  }

  private PartitionLag row(LagTracker tracker, int partition) {
    return tracker.snapshot(id).orElseThrow().partitions().stream()
        .filter(p -> p.partition() == partition)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void progressGivesPerPartitionLagWhenNoBrokerIsKnown() {
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "q1");
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10,\"1\":20}}", "{\"t\":{\"0\":15,\"1\":20}}"));

    QueryLagSnapshot snapshot = tracker.snapshot(id).orElseThrow();
    assertEquals(2, snapshot.partitions().size());
    PartitionLag p0 = row(tracker, 0);
    assertEquals("t", p0.topic());
    assertEquals(10, p0.consumedOffset());
    assertEquals(OptionalLong.of(15), p0.latestOffset());
    assertEquals(OptionalLong.of(5), p0.lagOffsets());
    assertEquals(OptionalLong.of(0), row(tracker, 1).lagOffsets());
    assertEquals(5, snapshot.totalLagOffsets());
    assertEquals(5, snapshot.maxLagOffsets());
    assertEquals("q1", snapshot.queryName());
  }

  @Test
  void brokerEndOffsetsKeepLagFreshBetweenBatches() {
    inspector.found(id, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "q1");
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":15}}"));
    brokers.setEnd("b1:9092", "t", 0, 40);
    clock.advance(Duration.ofSeconds(10));

    tracker.poll();

    assertEquals(OptionalLong.of(40), row(tracker, 0).latestOffset());
    assertEquals(OptionalLong.of(30), row(tracker, 0).lagOffsets());
    assertEquals("b1:9092", brokers.endOffsetCalls.get(0).bootstrapServers());
  }

  @Test
  void staleLatestOffsetOfRealTimeModeProgressDoesNotLowerTheBrokerEnd() {
    inspector.found(id, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "q1");
    tracker.poll(); // inspected; no partitions known yet
    tracker.progressMade(progress(0, "{\"t\":{\"0\":60}}", "{\"t\":{\"0\":50}}"));
    brokers.setEnd("b1:9092", "t", 0, 100);
    clock.advance(Duration.ofSeconds(10));
    tracker.poll();
    clock.advance(Duration.ofSeconds(1));

    // The next RTM batch ends at 90 but reports the latest offset fetched when it started: 50.
    tracker.progressMade(progress(1, "{\"t\":{\"0\":90}}", "{\"t\":{\"0\":50}}"));

    assertEquals(OptionalLong.of(100), row(tracker, 0).latestOffset());
    assertEquals(OptionalLong.of(10), row(tracker, 0).lagOffsets());
  }

  @Test
  void kafkaOverridesReplaceTheSourcesBootstrapServers() {
    inspector.found(id, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker(LagListenerConf.KAFKA_PREFIX + "bootstrap.servers", "other:1");
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":10}}"));
    brokers.setEnd("other:1", "t", 0, 12);

    tracker.poll();

    assertEquals("other:1", brokers.endOffsetCalls.get(0).bootstrapServers());
    assertEquals(OptionalLong.of(2), row(tracker, 0).lagOffsets());
  }

  @Test
  void kafkaOverridesAloneSufficeWhenTheQueryCannotBeInspected() {
    LagTracker tracker = tracker(LagListenerConf.KAFKA_PREFIX + "bootstrap.servers", "other:1");
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":10}}"));
    brokers.setEnd("other:1", "t", 0, 17);

    tracker.poll();

    assertEquals(OptionalLong.of(7), row(tracker, 0).lagOffsets());
  }

  @Test
  void lagSecondsIsInterpolatedBetweenEndOffsetSamples() {
    inspector.found(id, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker();
    tracker.progressMade(progress(0, "{\"t\":{\"0\":0}}", "{\"t\":{\"0\":0}}"));
    brokers.setEnd("b1:9092", "t", 0, 0);
    tracker.poll(); // (0, t0)
    clock.advance(Duration.ofSeconds(10));
    brokers.setEnd("b1:9092", "t", 0, 100);
    tracker.poll(); // (100, t0 + 10 s)
    clock.advance(Duration.ofSeconds(10));
    brokers.setEnd("b1:9092", "t", 0, 200);
    tracker.poll(); // (200, t0 + 20 s)

    tracker.progressMade(progress(1, "{\"t\":{\"0\":50}}", "{\"t\":{\"0\":200}}"));

    // Record 50 appeared when the end passed 51: 5.1 s after t0; now is t0 + 20 s.
    assertEquals(14.9, row(tracker, 0).lagSeconds().getAsDouble(), 1e-9);
    assertEquals(150, row(tracker, 0).lagOffsets().getAsLong());
  }

  @Test
  void partitionStarvedOfTaskSlotsIsStallWhileServedOneIsOk() {
    inspector.found(id, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker(LagListenerConf.STATUS_WINDOW, "3");
    brokers.setEnd("b1:9092", "t", 1, 50);
    for (int batch = 0; batch < 3; batch++) {
      long end0 = 100L * (batch + 1);
      brokers.setEnd("b1:9092", "t", 0, end0);
      tracker.poll();
      clock.advance(Duration.ofSeconds(5));
      tracker.progressMade(
          progress(
              batch,
              "{\"t\":{\"0\":" + end0 + ",\"1\":0}}",
              "{\"t\":{\"0\":" + (end0 - 100) + ",\"1\":50}}"));
      if (batch == 1) {
        assertEquals(PartitionStatus.OK, row(tracker, 1).status(), "window not full yet");
      }
    }

    assertEquals(PartitionStatus.OK, row(tracker, 0).status());
    assertEquals(PartitionStatus.STALL, row(tracker, 1).status());
    assertEquals(OptionalLong.of(50), row(tracker, 1).lagOffsets());
  }

  @Test
  void advancingPositionWithGrowingLagIsWarn() {
    LagTracker tracker = tracker(LagListenerConf.STATUS_WINDOW, "3");
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":100}}"));
    tracker.progressMade(progress(1, "{\"t\":{\"0\":20}}", "{\"t\":{\"0\":120}}"));
    tracker.progressMade(progress(2, "{\"t\":{\"0\":30}}", "{\"t\":{\"0\":140}}"));

    assertEquals(PartitionStatus.WARN, row(tracker, 0).status());
  }

  @Test
  void queryThatReportsNothingForTooLongWithLagIsStop() {
    LagTracker tracker = tracker(LagListenerConf.STATUS_STOP_AFTER, "60s");
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":100}}"));
    clock.advance(Duration.ofSeconds(59));
    assertEquals(PartitionStatus.OK, row(tracker, 0).status());

    clock.advance(Duration.ofSeconds(2));

    assertEquals(PartitionStatus.STOP, row(tracker, 0).status());
  }

  @Test
  void positionGoingBackwardsIsRewind() {
    LagTracker tracker = tracker();
    tracker.progressMade(progress(0, "{\"t\":{\"0\":100}}", "{\"t\":{\"0\":120}}"));
    tracker.progressMade(progress(1, "{\"t\":{\"0\":50}}", "{\"t\":{\"0\":120}}"));

    assertEquals(PartitionStatus.REWIND, row(tracker, 0).status());
  }

  @Test
  void idleEventDeliveredTwiceCountsOnce() {
    LagTracker tracker = tracker(LagListenerConf.STATUS_WINDOW, "3");
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":15}}"));
    tracker.queryIdle(id, run, "2026-11-01T00:00:00.000Z");
    tracker.queryIdle(id, run, "2026-11-01T00:00:00.000Z");
    assertEquals(PartitionStatus.OK, row(tracker, 0).status(), "two observations only");

    tracker.queryIdle(id, run, "2026-11-01T00:00:10.000Z");

    assertEquals(PartitionStatus.STALL, row(tracker, 0).status());
  }

  @Test
  void progressDeliveredTwiceCountsOnce() {
    LagTracker tracker = tracker(LagListenerConf.STATUS_WINDOW, "2");
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":15}}"));
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":15}}"));

    assertEquals(PartitionStatus.OK, row(tracker, 0).status());
  }

  @Test
  void continuousQueryReportsLagWithoutAnyProgressEvent() {
    FakeProbe probe = inspector.found(id, true, SOURCE_OPTIONS);
    probe.positions = Map.of(new TopicPartition("t", 0), 5L);
    brokers.setEnd("b1:9092", "t", 0, 25);
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "q1");

    tracker.poll();
    assertEquals(5, row(tracker, 0).consumedOffset());
    assertEquals(OptionalLong.of(20), row(tracker, 0).lagOffsets());

    probe.positions = Map.of(new TopicPartition("t", 0), 25L);
    clock.advance(Duration.ofSeconds(10));
    tracker.poll();

    assertEquals(OptionalLong.of(0), row(tracker, 0).lagOffsets());
    assertEquals(PartitionStatus.OK, row(tracker, 0).status());
  }

  @Test
  void restartedQueryUsesCommittedPositionsUntilItsFirstProgress() {
    FakeProbe probe = inspector.found(id, false, SOURCE_OPTIONS);
    probe.positions = Map.of(new TopicPartition("t", 0), 7L);
    brokers.setEnd("b1:9092", "t", 0, 10);
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "q1");

    tracker.poll(); // inspect, probe, read end offsets
    assertEquals(7, row(tracker, 0).consumedOffset());
    assertEquals(OptionalLong.of(3), row(tracker, 0).lagOffsets());

    tracker.progressMade(progress(0, "{\"t\":{\"0\":9}}", "{\"t\":{\"0\":10}}"));
    probe.positions = Map.of(new TopicPartition("t", 0), 1L);
    tracker.poll();

    assertEquals(9, row(tracker, 0).consumedOffset(), "progress wins once it arrives");
  }

  @Test
  void terminatedQueryIsForgotten() {
    LagTracker tracker = tracker();
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":15}}"));

    tracker.queryTerminated(id, UUID.randomUUID());
    assertTrue(tracker.snapshot(id).isPresent(), "another run's termination is ignored");

    tracker.queryTerminated(id, run);
    assertTrue(tracker.snapshot(id).isEmpty());
    assertTrue(tracker.trackedQueries().isEmpty());
  }

  @Test
  void queryThatIsGoneOrInactiveIsForgottenEvenIfItsTerminationWasMissed() {
    UUID other = UUID.randomUUID();
    FakeProbe probe = inspector.found(other, false, SOURCE_OPTIONS);
    inspector.answers.put(id, new Gone());
    LagTracker tracker = tracker();
    tracker.queryStarted(id, run, "gone");
    tracker.queryStarted(other, UUID.randomUUID(), "inactive");

    tracker.poll();
    assertEquals(Set.of(other), tracker.trackedQueries());

    probe.active = false;
    tracker.poll();
    assertTrue(tracker.trackedQueries().isEmpty());
  }

  @Test
  void brokerFailureIsRetriedAndNeverThrown() {
    inspector.found(id, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker();
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":15}}"));
    brokers.setDown("b1:9092", true);

    tracker.poll();
    assertEquals(OptionalLong.of(5), row(tracker, 0).lagOffsets(), "last known lag kept");

    brokers.setDown("b1:9092", false);
    brokers.setEnd("b1:9092", "t", 0, 30);
    clock.advance(Duration.ofSeconds(10));
    tracker.poll();
    assertEquals(OptionalLong.of(20), row(tracker, 0).lagOffsets());
  }

  @Test
  void unreadableOffsetsAreIgnoredAndOtherSourcesStillCount() {
    LagTracker tracker = tracker();
    tracker.progressMade(
        new ProgressReport(
            id,
            run,
            "q1",
            0,
            List.of(
                new SourceReport("KafkaV2[Subscribe[bad]]", null, "not json", null),
                new SourceReport("RateStreamV2[...]", null, "{\"x\":1}", null),
                new SourceReport(SOURCE, null, "{\"t\":{\"0\":3}}", "{\"t\":{\"0\":4}}"))));

    QueryLagSnapshot snapshot = tracker.snapshot(id).orElseThrow();
    assertEquals(1, snapshot.partitions().size());
    assertEquals(OptionalLong.of(1), snapshot.partitions().get(0).lagOffsets());
  }

  @Test
  void partitionsNoLongerReadAreDropped() {
    LagTracker tracker = tracker();
    tracker.progressMade(progress(0, "{\"t\":{\"0\":1,\"1\":1}}", "{\"t\":{\"0\":1,\"1\":1}}"));
    tracker.progressMade(progress(1, "{\"t\":{\"1\":2}}", "{\"t\":{\"1\":2}}"));

    assertEquals(
        List.of(1),
        tracker.snapshot(id).orElseThrow().partitions().stream()
            .map(PartitionLag::partition)
            .toList());
  }

  @Test
  void oneCallPerClusterPerPollAndClustersNoLongerUsedAreReleased() {
    UUID id2 = UUID.randomUUID();
    UUID run2 = UUID.randomUUID();
    inspector.found(id, false, SOURCE_OPTIONS);
    inspector.found(id2, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker();
    tracker.progressMade(progress(0, "{\"t\":{\"0\":1}}", null));
    tracker.progressMade(
        new ProgressReport(
            id2, run2, "q2", 0, List.of(new SourceReport(SOURCE, null, "{\"t\":{\"1\":1}}", null))));

    tracker.poll(); // inspects
    brokers.endOffsetCalls.clear();
    tracker.poll();
    assertEquals(1, brokers.endOffsetCalls.size());
    KafkaConnection connection = brokers.endOffsetCalls.get(0);
    assertEquals(Set.of(connection), brokers.retained.get(brokers.retained.size() - 1));

    tracker.queryTerminated(id, run);
    tracker.queryTerminated(id2, run2);
    tracker.poll();
    assertEquals(Set.of(), brokers.retained.get(brokers.retained.size() - 1));
  }

  @Test
  void processedOffsetsAreCommittedToTheConfiguredGroupOnce() {
    inspector.found(id, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker(LagListenerConf.COMMIT_GROUP_ID, "spark-{queryName}");
    tracker.poll();
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10,\"1\":4}}", null));

    tracker.poll();
    tracker.poll();

    assertEquals(
        List.of(
            new FakeBrokers.Commit(
                "b1:9092",
                "spark-q1",
                Map.of(new TopicPartition("t", 0), 10L, new TopicPartition("t", 1), 4L))),
        brokers.commits);
  }

  @Test
  void failedCommitIsRetriedAtTheNextPoll() {
    inspector.found(id, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker(LagListenerConf.COMMIT_GROUP_ID, "g");
    tracker.poll();
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", null));
    brokers.setDown("b1:9092", true);
    tracker.poll();
    assertTrue(brokers.commits.isEmpty());

    brokers.setDown("b1:9092", false);
    tracker.poll();

    assertEquals(1, brokers.commits.size());
    assertEquals("g", brokers.commits.get(0).groupId());
  }

  @Test
  void lastBatchOfAQueryThatStoppedBeforeThePollIsStillCommitted() {
    inspector.found(id, false, SOURCE_OPTIONS);
    LagTracker tracker = tracker(LagListenerConf.COMMIT_GROUP_ID, "g");
    tracker.queryStarted(id, run, "q1");
    tracker.poll(); // Inspected: the source's connection is known.
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", null));
    tracker.queryTerminated(id, run);

    tracker.poll();
    tracker.poll();

    assertEquals(
        List.of(new FakeBrokers.Commit("b1:9092", "g", Map.of(new TopicPartition("t", 0), 10L))),
        brokers.commits);
    assertTrue(tracker.snapshots().isEmpty());
  }

  @Test
  void closedTrackerRecordsNothing() {
    LagTracker tracker = tracker();
    tracker.close();
    tracker.progressMade(progress(0, "{\"t\":{\"0\":10}}", "{\"t\":{\"0\":15}}"));
    tracker.poll();

    assertTrue(tracker.snapshots().isEmpty());
  }
}
