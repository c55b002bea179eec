package io.github.kafkarouted.it.lag;

import static io.github.kafkarouted.it.lag.LagGroundTruth.endOffsets;
import static io.github.kafkarouted.it.lag.LagGroundTruth.endOffsetsOf;
import static io.github.kafkarouted.it.lag.PrometheusText.named;
import static io.github.kafkarouted.it.lag.PrometheusText.scrape;
import static io.github.kafkarouted.it.lag.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.it.kafka.LocalKafkaBroker;
import io.github.kafkarouted.it.spark.SparkSessions;
import io.github.kafkarouted.lag.KafkaLagListener;
import io.github.kafkarouted.lag.KafkaLagPlugin;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import io.github.kafkarouted.lag.model.RetentionStatus;
import io.github.kafkarouted.lag.tracking.LagListenerConf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lag plugin's executor side and the trends, against a real broker and a real SparkSession
 * loaded with {@code spark.plugins=KafkaLagPlugin} only:
 *
 * <ul>
 *   <li>a Real-Time Mode query in its first 5-minute batch (no progress at all): the exported
 *       position of each partition, sampled every 200 ms while a producer writes, is compared with
 *       the true processed position, read afterwards from the output topic (each output record
 *       carries its input partition and offset, and the time the sink sent it);
 *   <li>retention risk: a paused query over a topic with 1 MiB segments and 2 MiB retention warns
 *       before the brokers delete records it has not read, then says they are lost, while Spark
 *       has planned no batch (and so reported nothing);
 *   <li>the series cap: a query over 200 partitions with {@code maxPartitionSeries=50};
 *   <li>the kafka-routed sink's outcome counters on the Prometheus endpoint, equal to the records
 *       in its output topics per route and per dead-letter reason: the DataSource V2 sink in
 *       micro-batch (from progress and the executors) and the ForeachWriter in Real-Time Mode (no
 *       progress at all: from the executors' live counters only).
 * </ul>
 *
 * <p>With {@code -Dlag.live.plugin=false} the session loads the listener only ({@code
 * spark.extraListeners}): the Real-Time Mode test then fails (the position stays at the batch's
 * start for the whole batch), which shows the test depends on the executors' samples.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LiveLagIntegrationTest extends LagListenerTestBase {

  /** Real-Time Mode holds one slot per partition read. */
  private static final int CORES = 3;

  private static final boolean PLUGIN = Boolean.parseBoolean(System.getProperty("lag.live.plugin", "true"));

  /** The bound: exported positions are never older than this. */
  private static final long FRESH_MILLIS = 2_000;

  private static final int SERIES_CAP = 50;

  @BeforeAll
  static void startBrokerAndSession() {
    // A broker of its own: deleting segments every 500 ms (default 5 min) makes retention testable.
    kafka =
        LocalKafkaBroker.builder()
            .brokerProperty("log.retention.check.interval.ms", "500")
            .brokerProperty("log.initial.task.delay.ms", "0")
            .start();
    SparkSessions.Builder session =
        SparkSessions.local(CORES)
            .appName("live-lag-it")
            .conf(LagListenerConf.POLL_INTERVAL, "1s")
            .conf(LagListenerConf.EXECUTOR_SAMPLE_INTERVAL, "500ms")
            .conf(LagListenerConf.MAX_PARTITION_SERIES, Integer.toString(SERIES_CAP))
            .conf(LagListenerConf.PROMETHEUS_PORT, "0")
            .conf(LagListenerConf.PROMETHEUS_HOST, "127.0.0.1");
    spark =
        (PLUGIN
                ? session.conf("spark.plugins", KafkaLagPlugin.class.getName())
                : session.conf("spark.extraListeners", KafkaLagListener.class.getName()))
            .start();
  }

  // ---------------------------------------------------------------------------- Real-Time Mode

  /** One snapshot: when it was taken and each partition's exported position. */
  private record Observed(long atMillis, Map<Integer, Long> positions, boolean live) {}

  @Test
  void realTimeModePositionStaysWithinTwoSecondsOfWhatTheQueryProcessed() throws Exception {
    String input = kafka.createUniqueTopic("live-rtm-in", 2);
    String output = kafka.createUniqueTopic("live-rtm-out", 2);
    StreamingQuery query =
        start(
            readKafka(input)
                // Each output record says which input record it is.
                .selectExpr("CAST(partition AS STRING) AS key", "CAST(offset AS STRING) AS value")
                .writeStream()
                .queryName("live_rtm_" + suffix(input))
                .format("kafka")
                .options(kafka.sparkKafkaOptions())
                .option("topic", output)
                .option("checkpointLocation", checkpoint())
                .outputMode("update")
                .trigger(Trigger.RealTime())); // 5-minute batches
    kafka.produceStrings(input, values(10));
    kafka.consumeAtLeast(output, 10, WAIT); // The batch runs.
    awaitSnapshot(
        query,
        PLUGIN ? "live positions of both partitions" : "both partitions",
        s ->
            s.partitions().size() == 2
                && (!PLUGIN || s.partitions().stream().allMatch(PartitionLag::livePosition)));

    AtomicBoolean producing = new AtomicBoolean(true);
    Thread producer = new Thread(() -> produceSteadily(input, producing), "live-lag-producer");
    producer.start();
    List<Observed> observed = new ArrayList<>();
    long until = System.currentTimeMillis() + 8_000;
    try {
      while (System.currentTimeMillis() < until) {
        observe(query).ifPresent(observed::add);
        Thread.sleep(200);
      }
    } finally {
      producing.set(false);
      producer.join();
    }
    long stoppedAt = System.currentTimeMillis();
    Map<Integer, Long> end = endOffsets(kafka.admin(), input, 2);
    QueryLagSnapshot caughtUp =
        awaitSnapshot(query, "lag 0 at " + end, s -> consumed(s).equals(end) && s.totalLagOffsets() == 0);
    long caughtUpAfter = System.currentTimeMillis() - stoppedAt;
    List<PrometheusText.Series> scraped = scrape(lagService().prometheusPort().orElseThrow());
    assertNull(query.lastProgress(), "all of it happened inside the first 5-minute batch");

    TrueProgress truth = TrueProgress.of(kafka.consumeAll(output));
    long worstStaleness = 0;
    for (Observed o : observed) {
      for (Map.Entry<Integer, Long> e : o.positions().entrySet()) {
        long staleness = truth.staleness(e.getKey(), e.getValue(), o.atMillis());
        worstStaleness = Math.max(worstStaleness, staleness);
      }
    }
    System.out.printf(
        "LIVE-LAG rtm: %d snapshots over 8 s, %d records; worst position staleness %d ms;"
            + " lag 0 %d ms after the producer stopped; end %s%n",
        observed.size(), truth.records(), worstStaleness, caughtUpAfter, end);
    assertTrue(observed.size() > 20, "snapshots taken: " + observed.size());
    assertTrue(
        worstStaleness <= FRESH_MILLIS,
        "exported positions were up to " + worstStaleness + " ms behind what the query had processed");
    assertTrue(observed.stream().allMatch(Observed::live), "every position came from the executors");
    assertTrue(caughtUpAfter <= FRESH_MILLIS, "lag 0 only " + caughtUpAfter + " ms after the producer stopped");
    for (PartitionLag p : caughtUp.partitions()) {
      Map<String, String> labels =
          Map.of(
              "query", query.name(),
              "query_id", query.id().toString(),
              "topic", input,
              "partition", Integer.toString(p.partition()));
      assertEquals(1.0, value(scraped, "spark_kafka_source_live_position", labels));
      assertEquals((double) end.get(p.partition()), value(scraped, "spark_kafka_source_consumed_offset", labels));
    }
  }

  private static java.util.Optional<Observed> observe(StreamingQuery query) {
    return lagService()
        .snapshot(query.id())
        .filter(s -> s.partitions().size() == 2)
        .map(
            s ->
                new Observed(
                    s.asOf().toEpochMilli(),
                    consumed(s),
                    s.partitions().stream().allMatch(PartitionLag::livePosition)));
  }

  /** About 200 records a second over both partitions until told to stop. */
  private static void produceSteadily(String topic, AtomicBoolean producing) {
    Map<String, Object> props = new java.util.HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int i = 0; producing.get(); i++) {
        producer.send(new ProducerRecord<>(topic, i % 2, null, ("r" + i).getBytes(StandardCharsets.UTF_8)));
        if (i % 2 == 1) {
          producer.flush();
          Thread.sleep(10);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What the query had processed when: from the output records, per input partition, the times
   * the sink sent them and the next input offset each time.
   */
  private record TrueProgress(Map<Integer, long[][]> byPartition, int records) {

    static TrueProgress of(List<ConsumerRecord<byte[], byte[]>> output) {
      Map<Integer, List<long[]>> rows = new TreeMap<>();
      for (ConsumerRecord<byte[], byte[]> r : output) {
        int partition = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8));
        long offset = Long.parseLong(new String(r.value(), StandardCharsets.UTF_8));
        rows.computeIfAbsent(partition, k -> new ArrayList<>()).add(new long[] {r.timestamp(), offset + 1});
      }
      Map<Integer, long[][]> sorted = new TreeMap<>();
      rows.forEach(
          (p, list) -> {
            long[][] a = list.toArray(new long[0][]);
            Arrays.sort(a, (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            long max = 0;
            for (long[] row : a) { // Running maximum: the next offset once all before it were sent.
              max = Math.max(max, row[1]);
              row[1] = max;
            }
            sorted.put(p, a);
          });
      return new TrueProgress(sorted, output.size());
    }

    /**
     * How long before {@code atMillis} the query had last been at or below {@code position}: 0 if
     * the position is at least what had been processed by then, else the time since the first
     * output record beyond it was sent.
     */
    long staleness(int partition, long position, long atMillis) {
      long[][] rows = byPartition.getOrDefault(partition, new long[0][]);
      for (long[] row : rows) {
        if (row[0] > atMillis) {
          return 0;
        }
        if (row[1] > position) {
          return atMillis - row[0];
        }
      }
      return 0;
    }
  }

  // --------------------------------------------------------------------------------- retention

  /**
   * A query paused on its first batch (it read 100 of the partition's records) over a topic that
   * keeps 2 MiB in 1 MiB segments. As producers append, the retention status turns WARN while the
   * query's records are still retained, then LOST once the brokers deleted the segment holding
   * them; Spark, which only looks at offsets when it plans a batch, has reported nothing.
   */
  @Test
  void retentionRiskWarnsBeforeTheBrokersDeleteUnreadRecords() {
    String topic = "live-retention-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopic(
        topic, 1, Map.of("segment.bytes", "1048576", "retention.bytes", "2097152", "cleanup.policy", "delete"));
    byte[] kib = new byte[1024];
    produce(topic, kib, 200);
    StreamingQuery query = startHeldBack("retention", topic, 100);
    assertEquals(Map.of(0, 100L), endOffsetsOf(awaitFirstProgress(query), topic));
    awaitSnapshot(query, "retention OK", s -> status(s) == RetentionStatus.OK);

    List<RetentionStatus> seen = new ArrayList<>();
    seen.add(RetentionStatus.OK);
    for (int round = 0; round < 40 && last(seen) != RetentionStatus.LOST; round++) {
      produce(topic, kib, 400); // About 40% of a segment per round.
      awaitPollRoundAfterNow();
      RetentionStatus now = status(lagService().snapshot(query.id()).orElseThrow());
      if (now != last(seen)) {
        seen.add(now);
      }
    }
    QueryLagSnapshot lost = lagService().snapshot(query.id()).orElseThrow();
    System.out.printf("LIVE-LAG retention: statuses %s, last row %s%n", seen, lost.partitions().get(0));
    assertEquals(List.of(RetentionStatus.OK, RetentionStatus.WARN, RetentionStatus.LOST), seen);
    assertTrue(lost.partitions().get(0).earliestOffset().getAsLong() > 100, "records 100.. were deleted");
    assertTrue(query.isActive() && query.exception().isEmpty(), "Spark has not noticed anything");
    assertEquals(0, query.lastProgress().batchId(), "no batch planned since");
  }

  private static RetentionStatus status(QueryLagSnapshot s) {
    return s.partitions().isEmpty() ? RetentionStatus.UNKNOWN : s.partitions().get(0).retentionStatus();
  }

  private static RetentionStatus last(List<RetentionStatus> seen) {
    return seen.get(seen.size() - 1);
  }

  private static void produce(String topic, byte[] value, int n) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      records.add(new ProducerRecord<>(topic, 0, null, value));
    }
    kafka.produce(topic, records);
  }

  // ------------------------------------------------------------------------------- series cap

  /** 200 partitions, a cap of 50: 50 partitions have series, the query's totals count all 200. */
  @Test
  void wideQueryExportsCappedPartitionSeriesAndCompleteTotals() throws Exception {
    String topic = kafka.createUniqueTopic("live-wide", 200);
    kafka.produceStrings(topic, values(400)); // 2 per partition
    StreamingQuery query = startHeldBack("wide", topic, 200); // reads 1 per partition: lag 1 each
    awaitFirstProgress(query);
    awaitSnapshot(query, "200 partitions with lag", s -> s.partitions().size() == 200 && s.totalLagOffsets() == 200);

    List<PrometheusText.Series> scraped = scrape(lagService().prometheusPort().orElseThrow());
    Map<String, String> queryLabels = Map.of("query", query.name(), "query_id", query.id().toString());
    for (String name :
        List.of(
            "spark_kafka_source_lag_offsets",
            "spark_kafka_source_consumed_offset",
            "spark_kafka_source_latest_offset",
            "spark_kafka_source_partition_status",
            "spark_kafka_source_retention_status")) {
      assertEquals(SERIES_CAP, named(scraped, name, queryLabels).size(), name);
    }
    assertEquals(200.0, value(scraped, "spark_kafka_source_query_partitions", queryLabels));
    assertEquals(200.0, value(scraped, "spark_kafka_source_query_sum_lag_offsets", queryLabels));
    assertEquals(1.0, value(scraped, "spark_kafka_source_query_max_lag_offsets", queryLabels));
    assertFalse(scraped.isEmpty());
  }

  // ------------------------------------------------------------------------- sink outcomes

  @Test
  void sinkOutcomeCountersEqualTheOutputTopicsInMicroBatch() throws Exception {
    assertSinkOutcomeCountersMatchTheTopics(false);
  }

  @Test
  void sinkOutcomeCountersEqualTheOutputTopicsForTheForeachWriterInRealTimeMode() throws Exception {
    assertSinkOutcomeCountersMatchTheTopics(true);
  }

  /**
   * 400 records: 100 each for route 1, route 2, no route (NO_ROUTE) and malformed JSON
   * (SCHEMA_INVALID). The counters scraped from Prometheus equal the records in each output topic,
   * and per reason in the DLQ; the rows add up.
   */
  private void assertSinkOutcomeCountersMatchTheTopics(boolean realTimeForeach) throws Exception {
    String input = kafka.createUniqueTopic("outcomes-in", 2);
    String urgent = kafka.createUniqueTopic("outcomes-urgent", 1);
    String standard = kafka.createUniqueTopic("outcomes-standard", 1);
    String dlq = kafka.createUniqueTopic("outcomes-dlq", 1);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      values.add(
          switch (i % 4) {
            case 0 -> "{\"p\":\"high\"}";
            case 1 -> "{\"p\":\"low\"}";
            case 2 -> "{\"p\":\"none\"}";
            default -> "{oops";
          });
    }
    kafka.produceStrings(input, values);
    Map<String, String> options = new java.util.HashMap<>(kafka.sparkKafkaOptions());
    options.put("route.1.topic", urgent);
    options.put("route.1.when", "p = 'high'");
    options.put("route.2.topic", standard);
    options.put("route.2.when", "p = 'low'");
    options.put("dlq.topic", dlq);
    options.put("validation.schema", "p STRING NOT NULL");
    var rows =
        readKafka(input).selectExpr("key", "value", "get_json_object(CAST(value AS STRING), '$.p') AS p");
    var writer =
        rows.writeStream()
            .queryName((realTimeForeach ? "outcomes_rtm_" : "outcomes_mb_") + suffix(input))
            .option("checkpointLocation", checkpoint());
    StreamingQuery query =
        start(
            realTimeForeach
                ? writer
                    .foreach(io.github.kafkarouted.connector.KafkaRouted.foreachWriter(rows, options))
                    .outputMode("update")
                    .trigger(Trigger.RealTime())
                : writer.format("kafka-routed").options(options));

    int urgentCount = kafka.consumeAtLeast(urgent, 100, WAIT).size();
    int standardCount = kafka.consumeAtLeast(standard, 100, WAIT).size();
    List<ConsumerRecord<byte[], byte[]>> dead = kafka.consumeAtLeast(dlq, 200, WAIT);
    Map<String, Long> byReason = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      byReason.merge(
          new String(
              r.headers().lastHeader(io.github.kafkarouted.dlq.model.DeadLetterHeaders.REASON).value(),
              StandardCharsets.UTF_8),
          1L,
          Long::sum);
    }
    assertEquals(Map.of("NO_ROUTE", 100L, "SCHEMA_INVALID", 100L), byReason);

    Map<String, String> queryLabels = Map.of("query", query.name(), "query_id", query.id().toString());
    List<PrometheusText.Series> scraped =
        Await.until(
            WAIT,
            "sink counters of all 400 rows",
            () -> {
              List<PrometheusText.Series> s = scrapeQuietly();
              List<PrometheusText.Series> in =
                  named(s, "kafka_routed_sink_rows_total", with(queryLabels, "outcome", "in"));
              return in.size() == 1 && in.get(0).value() == 400 ? java.util.Optional.of(s) : java.util.Optional.empty();
            },
            () -> "last progress " + query.lastProgress());
    System.out.printf(
        "LIVE-LAG sink outcomes (%s): %s%n",
        realTimeForeach ? "ForeachWriter, Real-Time Mode" : "DSv2, micro-batch",
        scraped.stream().filter(x -> x.name().startsWith("kafka_routed_sink")).toList());
    assertEquals((double) urgentCount, value(scraped, "kafka_routed_sink_route_records_total", with(queryLabels, "route", "1")));
    assertEquals((double) standardCount, value(scraped, "kafka_routed_sink_route_records_total", with(queryLabels, "route", "2")));
    for (Map.Entry<String, Long> e : byReason.entrySet()) {
      assertEquals(
          (double) e.getValue(),
          value(scraped, "kafka_routed_sink_dead_letters_total", with(queryLabels, "reason", e.getKey())));
    }
    assertEquals(200.0, value(scraped, "kafka_routed_sink_rows_total", with(queryLabels, "outcome", "routed")));
    assertEquals(200.0, value(scraped, "kafka_routed_sink_rows_total", with(queryLabels, "outcome", "dead_lettered")));
    assertEquals(0.0, value(scraped, "kafka_routed_sink_rows_total", with(queryLabels, "outcome", "dropped")));
    if (realTimeForeach) {
      assertNull(query.lastProgress(), "no progress: the counts came from the executors alone");
    }
  }

  private static List<PrometheusText.Series> scrapeQuietly() {
    try {
      return scrape(lagService().prometheusPort().orElseThrow());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> all = new TreeMap<>(labels);
    all.put(key, value);
    return all;
  }
}
