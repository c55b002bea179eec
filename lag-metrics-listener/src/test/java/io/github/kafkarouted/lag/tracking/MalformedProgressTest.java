package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.KafkaLagQueryListener;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.streaming.SinkProgress;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryIdleEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryProgressEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryStartedEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryTerminatedEvent;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Progress that is not what Spark's Kafka source writes, fed to the session listener as Spark
 * would: no exception ever leaves a callback (it would reach Spark's listener bus, next to the
 * query), and the listener keeps working for well-formed progress afterwards.
 */
class MalformedProgressTest {

  private static final String KAFKA = "KafkaV2[Subscribe[t]]";

  private KafkaLagQueryListener listener;

  @BeforeEach
  void startListener() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.app.id", "malformed-progress-" + UUID.randomUUID())
            .set(LagListenerConf.POLL_INTERVAL, "100ms");
    listener = new KafkaLagQueryListener(conf);
  }

  @AfterEach
  void closeListener() {
    listener.close();
  }

  @Test
  void malformedOffsetsAndUnknownSourcesNeverEscapeTheCallbacks() {
    UUID id = UUID.randomUUID();
    UUID run = UUID.randomUUID();
    String deep = "{\"t\":".repeat(5_000) + "1" + "}".repeat(5_000);
    List<SourceProgress[]> bad = new ArrayList<>();
    for (String offsets :
        List.of(
            "{not json",
            "[1,2]",
            "null",
            "42",
            "{\"t\":\"x\"}",
            "{\"t\":[0,1]}",
            "{\"t\":{\"p\":1}}",
            "{\"t\":{\"-1\":1}}",
            "{\"t\":{\"99999999999\":1}}",
            "{\"t\":{\"0\":\"abc\"}}",
            "{\"t\":{\"0\":1e400}}",
            "{\"t\":{\"0\":null}}",
            "{\"t\":{\"0\":5}",
            deep,
            "{\"" + "x".repeat(1_000_000) + "\":{\"0\":1}}")) {
      bad.add(new SourceProgress[] {source(KAFKA, offsets, offsets)});
      bad.add(new SourceProgress[] {source(KAFKA, "{\"t\":{\"0\":1}}", offsets)});
    }
    bad.add(new SourceProgress[] {source(null, "{\"t\":{\"0\":1}}", "{\"t\":{\"0\":1}}")});
    bad.add(new SourceProgress[] {source("MemoryStream[value#1]", "5", "7")});
    bad.add(new SourceProgress[] {source("KafkaLike[Subscribe[t]]", "{\"t\":{\"0\":1}}", "x")});
    bad.add(new SourceProgress[] {source(KAFKA, null, null)});
    bad.add(new SourceProgress[] {null});
    bad.add(null);

    assertDoesNotThrow(() -> listener.onQueryStarted(new QueryStartedEvent(id, run, "q", "2026-01-01T00:00:00.000Z")));
    long batch = 0;
    for (SourceProgress[] sources : bad) {
      QueryProgressEvent event = new QueryProgressEvent(progress(id, run, batch++, sources));
      assertDoesNotThrow(() -> listener.onQueryProgress(event), () -> describe(sources));
    }
    assertDoesNotThrow(() -> listener.onQueryProgress(new QueryProgressEvent(progress(null, null, 0, null))));
    assertDoesNotThrow(() -> listener.onQueryProgress(new QueryProgressEvent(progress(id, null, -1, null))));
    assertDoesNotThrow(() -> listener.onQueryIdle(new QueryIdleEvent(id, run, null)));
    assertDoesNotThrow(() -> listener.onQueryIdle(new QueryIdleEvent(null, null, "not a time")));
    assertDoesNotThrow(() -> listener.onQueryTerminated(new QueryTerminatedEvent(null, null, scala.Option.empty(), scala.Option.empty())));

    // Still working: a well-formed batch after all that gives a position and a lag.
    listener.onQueryProgress(
        new QueryProgressEvent(
            progress(id, run, batch, new SourceProgress[] {source(KAFKA, "{\"t\":{\"0\":40}}", "{\"t\":{\"0\":42}}")})));
    QueryLagSnapshot snapshot = listener.snapshot(id).orElseThrow();
    assertEquals(1, snapshot.partitions().size(), snapshot.toString());
    assertEquals(40, snapshot.partitions().get(0).consumedOffset());
    assertEquals(OptionalLong.of(2), snapshot.partitions().get(0).lagOffsets());

    // And the poller still runs its rounds.
    long before = listener.service().pollRounds();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (listener.service().pollRounds() < before + 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(listener.service().pollRounds() >= before + 2, "poll rounds continue");

    listener.onQueryTerminated(new QueryTerminatedEvent(id, run, scala.Option.empty(), scala.Option.empty()));
    assertTrue(listener.snapshot(id).isEmpty(), "terminated query forgotten");
  }

  private static SourceProgress source(String description, String endOffset, String latestOffset) {
    return new SourceProgress(description, null, endOffset, latestOffset, 1, 0.0, 0.0, new HashMap<>());
  }

  private static StreamingQueryProgress progress(UUID id, UUID run, long batch, SourceProgress[] sources) {
    return new StreamingQueryProgress(
        id,
        run,
        "q",
        "2026-01-01T00:00:00.000Z",
        batch,
        1L,
        new HashMap<>(),
        new HashMap<>(),
        new StateOperatorProgress[0],
        sources,
        new SinkProgress("noop"),
        new HashMap<>());
  }

  private static String describe(SourceProgress[] sources) {
    if (sources == null) {
      return "sources null";
    }
    StringBuilder text = new StringBuilder();
    for (SourceProgress s : sources) {
      String end = s == null ? null : s.endOffset();
      String latest = s == null ? null : s.latestOffset();
      text.append(s == null ? "null source" : s.description())
          .append(' ')
          .append(end == null ? null : end.substring(0, Math.min(60, end.length())))
          .append(' ')
          .append(latest == null ? null : latest.substring(0, Math.min(60, latest.length())));
    }
    return text.toString();
  }
}
