package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.connector.foreach.RoutedForeachWriter;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Routing counts are exact, per route, for both routing modes under every trigger, through both
 * front-ends, against the real broker: a fixed data set is read from a 4-partition topic with
 * Spark's kafka source and written with kafka-routed to three topics.
 */
class RoutedSinkIntegrationTest extends RealKafkaSparkTest {

  private static final int PARTITIONS = 4;
  private static final int ROWS = 120;


  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(PARTITIONS, "routed-sink-it");
  }

  private static boolean high(int i) {
    return i % 3 == 0;
  }

  private static boolean error(int i) {
    return i % 4 == 0;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "microbatch, first-match",
    "microbatch, all-matches",
    "availablenow, first-match",
    "availablenow, all-matches",
    "continuous, first-match",
    "continuous, all-matches",
    "realtime, first-match",
    "realtime, all-matches",
    "realtime-foreach, first-match",
    "realtime-foreach, all-matches",
    "availablenow-foreach, all-matches"
  })
  void routesEveryRowExactly(String trigger, String mode) throws Exception {
    String source = kafka.createUniqueTopic("events", PARTITIONS);
    String urgent = kafka.createUniqueTopic("Urgent.Events", 2);
    String errors = kafka.createUniqueTopic("error-events", 2);
    String standard = kafka.createUniqueTopic("standard_events", 2);
    // Half the events before the query starts, half while it runs (those measure latency).
    produceEvents(source, 0, ROWS / 2);

    Dataset<Row> events =
        kafkaStream(source)
            .option("includeHeaders", "true")
            .option("kafka.fetch.max.wait.ms", "10")
            .load()
            .selectExpr(
                "CAST(key AS STRING) AS key",
                "value",
                "headers",
                "get_json_object(CAST(value AS STRING), '$.priority') AS priority",
                "get_json_object(CAST(value AS STRING), '$.event_type') AS event_type");

    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("route.1.topic", urgent);
    options.put("route.1.when", "priority = 'high'");
    options.put("route.2.topic", errors);
    options.put("route.2.when", "event_type = 'error'");
    options.put("topic", standard);
    options.put("routing.mode", mode);

    boolean all = mode.equals("all-matches");
    int[] firstHalf = expectedCounts(0, ROWS / 2, all);
    int[] expected = expectedCounts(0, ROWS, all);
    int expectUrgent = expected[0];
    int expectErrors = expected[1];
    int expectStandard = expected[2];

    RoutedForeachWriter foreach = null;
    DataStreamWriter<Row> writer =
        events.writeStream().option("checkpointLocation", tmp.resolve("cp").toString());
    switch (trigger) {
      case "microbatch" -> writer.format("kafka-routed").options(options);
      case "availablenow" ->
          writer.format("kafka-routed").options(options).trigger(Trigger.AvailableNow());
      case "continuous" ->
          writer.format("kafka-routed").options(options).trigger(Trigger.Continuous("1 second"));
      case "realtime" -> {
        // Spark admits only allowlisted sinks in RTM; the DSv2 format needs the check off.
        spark.conf().set("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
        writer
            .format("kafka-routed")
            .options(options)
            .outputMode("update")
            .trigger(Trigger.RealTime(5000));
      }
      case "realtime-foreach" -> {
        foreach = KafkaRouted.foreachWriter(events, options);
        writer.foreach(foreach).outputMode("update").trigger(Trigger.RealTime(5000));
      }
      case "availablenow-foreach" -> {
        foreach = KafkaRouted.foreachWriter(events, options);
        writer.foreach(foreach).trigger(Trigger.AvailableNow());
      }
      default -> throw new IllegalArgumentException(trigger);
    }

    StreamingQuery query = writer.start();
    try {
      Duration wait = Duration.ofSeconds(90);
      if (trigger.startsWith("availablenow")) {
        assertTrue(query.awaitTermination(90_000), "AvailableNow query ends by itself");
        produceEvents(source, ROWS / 2, ROWS); // after the end: never read
        expectUrgent = firstHalf[0];
        expectErrors = firstHalf[1];
        expectStandard = firstHalf[2];
      } else {
        kafka.consumeAtLeast(standard, firstHalf[2], wait);
        produceEvents(source, ROWS / 2, ROWS);
      }
      List<ConsumerRecord<byte[], byte[]>> urgentOut =
          kafka.consumeAtLeast(urgent, expectUrgent, wait);
      List<ConsumerRecord<byte[], byte[]>> errorsOut =
          kafka.consumeAtLeast(errors, expectErrors, wait);
      List<ConsumerRecord<byte[], byte[]>> standardOut =
          kafka.consumeAtLeast(standard, expectStandard, wait);
      if (trigger.startsWith("availablenow")) {
        urgentOut = kafka.consumeAll(urgent);
        errorsOut = kafka.consumeAll(errors);
        standardOut = kafka.consumeAll(standard);
      }
      reportLatency(trigger + " " + mode, urgentOut, errorsOut, standardOut);

      assertEquals(expectUrgent, urgentOut.size(), "urgent");
      assertEquals(expectErrors, errorsOut.size(), "errors");
      assertEquals(expectStandard, standardOut.size(), "standard");
      assertRecordsAreTheInput(urgentOut, i -> high(i));
      assertRecordsAreTheInput(errorsOut, i -> error(i) && (all || !high(i)));
      assertRecordsAreTheInput(standardOut, i -> !high(i) && !error(i));

      if (trigger.equals("microbatch") || trigger.equals("availablenow")) {
        awaitSinkMetric(query, "rowsIn", trigger.startsWith("availablenow") ? ROWS / 2 : ROWS);
        Map<String, String> metrics = query.lastProgress().sink().metrics();
        assertEquals(Integer.toString(expectUrgent), metrics.get("recordsSent.route.1"));
        assertEquals(Integer.toString(expectErrors), metrics.get("recordsSent.route.2"));
        assertEquals(Integer.toString(expectStandard), metrics.get("recordsSent.route.default"));
        assertTrue(query.lastProgress().sink().description().startsWith("kafka-routed["));
      }
    } finally {
      query.stop();
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
    if (trigger.equals("availablenow-foreach")) {
      // Every task of an AvailableNow query completes, so the accumulators hold exact totals.
      Map<String, Long> m = foreach.metrics();
      assertEquals(ROWS / 2, m.get("rowsIn"));
      assertEquals(ROWS / 2, m.get("rowsRouted"));
      assertEquals((long) firstHalf[0] + firstHalf[1] + firstHalf[2], m.get("recordsSent"));
    }
  }

  /** Urgent, errors, standard counts for events [from, to). */
  private static int[] expectedCounts(int from, int to, boolean all) {
    int[] c = new int[3];
    for (int i = from; i < to; i++) {
      if (high(i)) {
        c[0]++;
      }
      if (error(i) && (all || !high(i))) {
        c[1]++;
      }
      if (!high(i) && !error(i)) {
        c[2]++;
      }
    }
    return c;
  }

  /**
   * Prints (does not assert: tests never assert timings) the latency of the events produced while
   * the query ran: output CreateTime minus input CreateTime. The benchmarks measure it properly.
   */
  @SafeVarargs
  private static void reportLatency(String label, List<ConsumerRecord<byte[], byte[]>>... outs) {
    List<Long> latencies = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> out : outs) {
      for (ConsumerRecord<byte[], byte[]> r : out) {
        int id = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8));
        if (id >= ROWS / 2) {
          long sent = Long.parseLong(new String(r.headers().lastHeader("sent-at").value(), StandardCharsets.UTF_8));
          latencies.add(r.timestamp() - sent);
        }
      }
    }
    if (latencies.isEmpty()) {
      return;
    }
    latencies.sort(null);
    System.out.printf(
        "LATENCY %s: n=%d p50=%d ms p99=%d ms max=%d ms%n",
        label,
        latencies.size(),
        latencies.get(latencies.size() / 2),
        latencies.get((int) Math.min(latencies.size() - 1, Math.round(latencies.size() * 0.99))),
        latencies.get(latencies.size() - 1));
  }

  private static void awaitSinkMetric(StreamingQuery query, String name, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (query.lastProgress() != null
          && query.lastProgress().sink().metrics().get(name) != null
          && Long.parseLong(query.lastProgress().sink().metrics().get(name)) >= expected) {
        assertEquals(Long.toString(expected), query.lastProgress().sink().metrics().get(name));
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sink metric " + name + " never reached " + expected);
  }

  /** Each output record is the input event it claims to be: same key, value bytes and headers. */
  private static void assertRecordsAreTheInput(
      List<ConsumerRecord<byte[], byte[]>> out, java.util.function.IntPredicate belongs) {
    List<Integer> ids = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : out) {
      int id = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8));
      assertTrue(belongs.test(id), "event " + id + " routed to " + r.topic());
      assertArrayEquals(eventJson(id).getBytes(StandardCharsets.UTF_8), r.value());
      assertNotNull(r.headers().lastHeader("trace"), "headers are carried over");
      assertArrayEquals(
          ("t-" + id).getBytes(StandardCharsets.UTF_8), r.headers().lastHeader("trace").value());
      ids.add(id);
    }
    assertEquals(ids.size(), ids.stream().distinct().count(), "no duplicates: " + ids);
  }

  private static String eventJson(int i) {
    return "{\"event_id\":\""
        + i
        + "\",\"priority\":\""
        + (high(i) ? "high" : "low")
        + "\",\"event_type\":\""
        + (error(i) ? "error" : "click")
        + "\"}";
  }

  private static void produceEvents(String topic, int from, int to) {
    List<ProducerRecord<byte[], byte[]>> records =
        java.util.stream.IntStream.range(from, to)
            .mapToObj(
                i ->
                    new ProducerRecord<>(
                        topic,
                        i % PARTITIONS,
                        Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                        eventJson(i).getBytes(StandardCharsets.UTF_8),
                        List.of(
                            new RecordHeader("trace", ("t-" + i).getBytes(StandardCharsets.UTF_8)),
                            new RecordHeader(
                                "sent-at",
                                Long.toString(System.currentTimeMillis())
                                    .getBytes(StandardCharsets.UTF_8)))))
            .collect(Collectors.toList());
    kafka.produce(topic, records);
  }

}
