package io.github.kafkarouted.it.lag;

import static io.github.kafkarouted.it.lag.LagGroundTruth.endOffsets;
import static io.github.kafkarouted.it.lag.LagGroundTruth.endOffsetsOf;
import static io.github.kafkarouted.it.lag.LagGroundTruth.groupOffsets;
import static io.github.kafkarouted.it.lag.LagGroundTruth.lag;
import static io.github.kafkarouted.it.lag.LagGroundTruth.latestOffsetsOf;
import static io.github.kafkarouted.it.lag.PrometheusText.scrape;
import static io.github.kafkarouted.it.lag.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import io.github.kafkarouted.it.spark.SparkSessions;
import io.github.kafkarouted.lag.KafkaLagListener;
import io.github.kafkarouted.lag.tracking.LagListenerConf;
import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.PartitionStatus;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lag listener against the real broker and a real SparkSession, loaded the way users load it:
 * only {@code spark.extraListeners} plus {@code spark.kafkaRouted.lag.*} settings, no code. Every
 * lag figure is checked against ground truth read independently: the broker's end offsets and
 * consumer-group offsets through an Admin client, and the query's positions from its own progress
 * JSON. Tests wait for events (a batch, a listener poll round), never for a fixed time.
 *
 * <p>Covers micro-batch (held back by {@code maxOffsetsPerTrigger}, pinned on one batch by a long
 * trigger interval), the Prometheus endpoint, the consumer-group commit, Real-Time Mode (fresh lag
 * during a batch), the continuous trigger (no progress at all) and lag in seconds at a controlled
 * rate. Starved Real-Time Mode partitions and the Spark metrics system need a session of their own:
 * {@link LagStarvedSlotsIntegrationTest}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LagListenerIntegrationTest extends LagListenerTestBase {

  /** Real-Time Mode and continuous queries hold one slot per partition they read. */
  private static final int CORES = 3;

  /** Short, so that waiting for two poll rounds stays cheap. */
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private static final String COMMIT_GROUP_PREFIX = "kr-lag-it-";

  @BeforeAll
  static void startBrokerAndSession() {
    kafka = KafkaTestCluster.fromSystemProperties();
    spark =
        SparkSessions.local(CORES)
            .appName("lag-listener-it")
            // Configuration only, as users load it; no plugin, no session listener.
            .conf("spark.extraListeners", KafkaLagListener.class.getName())
            .conf(LagListenerConf.POLL_INTERVAL, POLL_INTERVAL.toMillis() + "ms")
            .conf(LagListenerConf.PROMETHEUS_PORT, "0")
            .conf(LagListenerConf.PROMETHEUS_HOST, "127.0.0.1")
            .conf(LagListenerConf.COMMIT_GROUP_ID, COMMIT_GROUP_PREFIX + "{queryName}")
            .start();
  }

  // ------------------------------------------------------------------------------- micro-batch

  /**
   * A micro-batch query held back by {@code maxOffsetsPerTrigger}: per partition, lag is the
   * broker's end offset minus the position the query's batch reached; and between batches (new
   * records, no new batch) the lag follows the broker's end offsets, which only broker polling can
   * know.
   */
  @Test
  void microBatchLagIsBrokerEndMinusQueryPositionPerPartition() {
    assertEquals(0, spark.streams().listListeners().length, "no session listener: only spark.extraListeners");
    assertFalse(spark.sparkContext().conf().contains("spark.plugins"));
    String topic = kafka.createUniqueTopic("lag-mb", 3);
    kafka.produceStrings(topic, values(300)); // 100 per partition
    StreamingQuery query = startHeldBack("mb", topic, 30);

    StreamingQueryProgress pinned = awaitFirstProgress(query);
    Map<Integer, Long> position = endOffsetsOf(pinned, topic);
    Map<Integer, Long> end = endOffsets(kafka.admin(), topic, 3);
    position.forEach(
        (p, pos) -> assertTrue(pos < end.get(p), "partition " + p + " held back: " + position + " vs " + end));

    QueryLagSnapshot snapshot =
        awaitSnapshot(
            query,
            "position of the pinned batch",
            s -> consumed(s).equals(position) && latest(s).size() == 3);
    assertEquals(end, latest(snapshot), "latest offsets = broker end offsets");
    assertEquals(lag(end, position), lagOffsets(snapshot), "lag = broker end - query position");
    assertEquals(pinned.batchId(), query.lastProgress().batchId(), "still the pinned batch");

    // New records, no new batch: the progress's latestOffset is stale, the broker's is not.
    kafka.produceStrings(topic, values(150));
    Map<Integer, Long> newEnd = endOffsets(kafka.admin(), topic, 3);
    awaitPollRoundAfterNow();
    QueryLagSnapshot fresh = lagService().snapshot(query.id()).orElseThrow();
    assertEquals(pinned.batchId(), query.lastProgress().batchId(), "no batch ran in between");
    assertTrue(
        latestOffsetsOf(query.lastProgress(), topic).values().stream().allMatch(o -> o == 100L),
        "the progress still says 100 per partition");
    assertEquals(position, consumed(fresh));
    assertEquals(newEnd, latest(fresh), "latest offsets = broker end offsets after new records");
    assertEquals(lag(newEnd, position), lagOffsets(fresh));
    assertEquals(
        lag(newEnd, position).values().stream().mapToLong(Long::longValue).sum(),
        fresh.totalLagOffsets());
  }

  /** The Prometheus endpoint, scraped over HTTP, shows every labelled series with the same values. */
  @Test
  void prometheusEndpointServesLabelledSeries() throws Exception {
    String topic = kafka.createUniqueTopic("lag-prom", 2);
    kafka.produceStrings(topic, values(200));
    StreamingQuery query = startHeldBack("prom", topic, 20);
    Map<Integer, Long> position = endOffsetsOf(awaitFirstProgress(query), topic);
    Map<Integer, Long> end = endOffsets(kafka.admin(), topic, 2);
    QueryLagSnapshot snapshot =
        awaitSnapshot(
            query,
            "pinned position, broker end offsets, lag seconds",
            s ->
                consumed(s).equals(position)
                    && latest(s).equals(end)
                    && s.partitions().stream().allMatch(p -> p.lagSeconds().isPresent()));

    int port = lagService().prometheusPort().orElseThrow();
    List<PrometheusText.Series> scraped = scrape(port);

    String queryId = query.id().toString();
    for (int p = 0; p < 2; p++) {
      Map<String, String> labels =
          Map.of("query", query.name(), "query_id", queryId, "topic", topic, "partition", Integer.toString(p));
      assertEquals((double) (end.get(p) - position.get(p)), value(scraped, "spark_kafka_source_lag_offsets", labels));
      assertEquals((double) position.get(p), value(scraped, "spark_kafka_source_consumed_offset", labels));
      assertEquals((double) end.get(p), value(scraped, "spark_kafka_source_latest_offset", labels));
      assertEquals(
          partition(snapshot, p).status().code(),
          value(scraped, "spark_kafka_source_partition_status", labels));
      assertTrue(value(scraped, "spark_kafka_source_lag_seconds", labels) >= 0);
    }
    Map<String, String> queryLabels = Map.of("query", query.name(), "query_id", queryId);
    assertEquals(
        (double) lag(end, position).values().stream().mapToLong(Long::longValue).sum(),
        value(scraped, "spark_kafka_source_query_sum_lag_offsets", queryLabels));
    assertEquals(
        (double) lag(end, position).values().stream().mapToLong(Long::longValue).max().orElseThrow(),
        value(scraped, "spark_kafka_source_query_max_lag_offsets", queryLabels));
  }

  /**
   * With {@code commitGroupId}, the consumer group shows the offsets the query processed (its
   * batch's end, below the broker's end), as {@code kafka-consumer-groups --describe} would.
   */
  @Test
  void commitGroupShowsTheQuerysProcessedOffsets() {
    String topic = kafka.createUniqueTopic("lag-group", 2);
    kafka.produceStrings(topic, values(200));
    StreamingQuery query = startHeldBack("group", topic, 40);
    StreamingQueryProgress pinned = awaitFirstProgress(query);
    Map<Integer, Long> position = endOffsetsOf(pinned, topic);
    String group = COMMIT_GROUP_PREFIX + query.name();

    Map<Integer, Long> committed =
        Await.until(
            WAIT,
            "group " + group + " to hold offsets of both partitions",
            () -> {
              Map<Integer, Long> g = groupOffsets(kafka.admin(), group, topic);
              return g.size() == 2 ? Optional.of(g) : Optional.empty();
            },
            () -> "group offsets " + groupOffsets(kafka.admin(), group, topic));

    assertEquals(position, committed, "group offsets = the batch's end offsets (the query's position)");
    assertEquals(pinned.batchId(), query.lastProgress().batchId(), "still the pinned batch");
    Map<Integer, Long> end = endOffsets(kafka.admin(), topic, 2);
    committed.forEach((p, o) -> assertTrue(o < end.get(p), "processed, not end offsets: " + committed + " vs " + end));
  }

  // ---------------------------------------------------------------------------- Real-Time Mode

  /** Copies {@code input} to {@code output} with the stock kafka sink under Real-Time Mode. */
  private StreamingQuery startRealTimeCopy(
      String namePrefix, String input, String output, Trigger trigger) {
    return start(
        readKafka(input)
            .selectExpr("key", "value")
            .writeStream()
            .queryName(namePrefix + suffix(input))
            .format("kafka")
            .options(kafka.sparkKafkaOptions())
            .option("topic", output)
            .option("checkpointLocation", checkpoint())
            .outputMode("update")
            .trigger(trigger));
  }

  /**
   * Real-Time Mode reports progress once per (long) batch. Records produced during a batch show in
   * the lag before the batch ends: the latest offsets follow the broker within a poll interval. The
   * position is the last completed batch's end (Spark reports nothing finer), so lag during a batch
   * is an upper bound: broker end minus the batch's start.
   */
  @Test
  void realTimeModeLagIsFreshDuringTheBatch() {
    String input = kafka.createUniqueTopic("lag-rtm-in", 2);
    String output = kafka.createUniqueTopic("lag-rtm-out", 2);
    kafka.produceStrings(input, values(20));
    StreamingQuery query = startRealTimeCopy("rtm_", input, output, Trigger.RealTime("10 seconds"));

    StreamingQueryProgress pinned = awaitFirstProgress(query);
    Map<Integer, Long> position = endOffsetsOf(pinned, input);
    assertEquals(Map.of(0, 10L, 1, 10L), position, "batch 0 read everything there was");

    // During the next batch: new records, which the query reads at once, but no progress for 10 s.
    kafka.produceStrings(input, values(10));
    Map<Integer, Long> newEnd = endOffsets(kafka.admin(), input, 2);
    QueryLagSnapshot fresh = awaitSnapshot(query, "latest offsets " + newEnd, s -> latest(s).equals(newEnd));
    assertEquals(
        pinned.batchId(),
        query.lastProgress().batchId(),
        "the lag moved before the batch that read the new records ended");
    assertEquals(position, consumed(fresh));
    assertEquals(lag(newEnd, position), lagOffsets(fresh), "broker end - the batch's start");
    kafka.consumeAtLeast(output, 30, WAIT); // The records were indeed read during the batch.
  }

  /**
   * With the default 5-minute Real-Time Mode batch, a fresh query's first progress comes after 5
   * minutes; its lag shows long before: the running batch's start position against the broker's
   * end offsets, following new records.
   */
  @Test
  void realTimeModeLagShowsDuringTheFirstDefaultLengthBatch() {
    String input = kafka.createUniqueTopic("lag-rtm0-in", 2);
    String output = kafka.createUniqueTopic("lag-rtm0-out", 2);
    kafka.produceStrings(input, values(20));
    StreamingQuery query = startRealTimeCopy("rtm0_", input, output, Trigger.RealTime());
    kafka.consumeAtLeast(output, 20, WAIT); // The first batch runs and has read what was there.

    Map<Integer, Long> start = Map.of(0, 0L, 1, 0L);
    Map<Integer, Long> end = endOffsets(kafka.admin(), input, 2);
    QueryLagSnapshot first =
        awaitSnapshot(
            query, "batch start and broker end " + end, s -> consumed(s).equals(start) && latest(s).equals(end));
    assertEquals(lag(end, start), lagOffsets(first));
    assertNull(query.lastProgress(), "still in the first batch");

    kafka.produceStrings(input, values(10));
    Map<Integer, Long> newEnd = endOffsets(kafka.admin(), input, 2);
    QueryLagSnapshot moved = awaitSnapshot(query, "latest offsets " + newEnd, s -> latest(s).equals(newEnd));
    assertEquals(start, consumed(moved));
    assertEquals(lag(newEnd, start), lagOffsets(moved));
    assertNull(query.lastProgress(), "still in the first batch");
  }

  // -------------------------------------------------------------------------------- continuous

  /**
   * A continuous query reports no progress at all; its lag still shows, from its committed epochs
   * and the broker's end offsets, and follows new records.
   */
  @Test
  void continuousTriggerLagIsReportedWithoutProgressEvents() {
    String input = kafka.createUniqueTopic("lag-cont-in", 2);
    String output = kafka.createUniqueTopic("lag-cont-out", 2);
    kafka.produceStrings(input, values(20));
    StreamingQuery query =
        start(
            readKafka(input)
                .selectExpr("key", "value")
                .writeStream()
                .queryName("cont_" + suffix(input))
                .format("kafka")
                .options(kafka.sparkKafkaOptions())
                .option("topic", output)
                .option("checkpointLocation", checkpoint())
                .trigger(Trigger.Continuous("1 second")));
    // Let it process data before anything else: stopping a continuous query that has just started
    // can hang Spark for minutes.
    kafka.consumeAtLeast(output, 20, WAIT);

    Map<Integer, Long> end = endOffsets(kafka.admin(), input, 2);
    QueryLagSnapshot caughtUp =
        awaitSnapshot(
            query, "position and latest " + end, s -> consumed(s).equals(end) && latest(s).equals(end));
    assertEquals(Map.of(0, 0L, 1, 0L), lagOffsets(caughtUp));
    assertNoProgress(query);

    kafka.produceStrings(input, values(10));
    Map<Integer, Long> newEnd = endOffsets(kafka.admin(), input, 2);
    kafka.consumeAtLeast(output, 30, WAIT);
    QueryLagSnapshot moved =
        awaitSnapshot(
            query,
            "position and latest " + newEnd,
            s -> consumed(s).equals(newEnd) && latest(s).equals(newEnd));
    assertEquals(Map.of(0, 0L, 1, 0L), lagOffsets(moved));
    moved.partitions().forEach(p -> assertEquals(PartitionStatus.OK, p.status(), p.toString()));
    assertNoProgress(query);
  }

  // ------------------------------------------------------------------------------ lag seconds

  /** Tolerance of lag in seconds: end offsets are sampled once per poll interval, plus slack. */
  private static final double LAG_SECONDS_TOLERANCE = POLL_INTERVAL.toMillis() / 1000.0 + 0.5;

  /**
   * Records arrive at a controlled rate (10/s, each stamped with its send time) while the query is
   * held at its position: lag in seconds stays within {@link #LAG_SECONDS_TOLERANCE} of the true
   * age of the oldest unconsumed record.
   */
  @Test
  void lagSecondsIsTheAgeOfTheOldestUnconsumedRecord() throws Exception {
    String topic = kafka.createUniqueTopic("lag-seconds", 1);
    StreamingQuery query = startHeldBack("seconds", topic, 1_000);
    Map<Integer, Long> position = endOffsetsOf(awaitFirstProgress(query), topic);
    assertEquals(Map.of(0, 0L), position, "the query sits at the start of the empty topic");
    LagService service = lagService();

    int records = 60;
    long periodMillis = 100;
    long firstTimestamp = 0;
    List<String> comparisons = new ArrayList<>();
    long startNanos = System.nanoTime();
    for (int i = 0; i < records; i++) {
      long timestamp = System.currentTimeMillis();
      firstTimestamp = i == 0 ? timestamp : firstTimestamp;
      byte[] value = ("r" + i).getBytes(StandardCharsets.UTF_8);
      kafka.produce(topic, List.of(new ProducerRecord<byte[], byte[]>(topic, 0, timestamp, null, value)));
      if (i >= 20 && i % 10 == 0) {
        QueryLagSnapshot s = service.snapshot(query.id()).orElseThrow();
        PartitionLag p = partition(s, 0);
        assertEquals(0, p.consumedOffset());
        assertTrue(p.lagSeconds().isPresent(), () -> "lag seconds after " + s);
        double trueAge = (s.asOf().toEpochMilli() - firstTimestamp) / 1000.0;
        double estimate = p.lagSeconds().getAsDouble();
        comparisons.add(String.format("estimate %.3f s, true %.3f s", estimate, trueAge));
        assertEquals(trueAge, estimate, LAG_SECONDS_TOLERANCE, () -> String.join("; ", comparisons));
      }
      // Pace production; this sleep sets the rate, it does not wait for a result.
      long nextNanos = startNanos + TimeUnit.MILLISECONDS.toNanos((i + 1) * periodMillis);
      long pause = TimeUnit.NANOSECONDS.toMillis(nextNanos - System.nanoTime());
      if (pause > 0) {
        Thread.sleep(pause);
      }
    }
    System.out.println("Lag seconds vs true age: " + comparisons);
    assertEquals(4, comparisons.size());
    assertEquals(0L, query.lastProgress().batchId(), "the query stayed at its position");
  }

  // ------------------------------------------------------------------------------------ helpers

  private static void assertNoProgress(StreamingQuery query) {
    assertNull(query.lastProgress(), "a continuous query reports no progress");
    assertEquals(0, query.recentProgress().length);
  }
}
