package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import io.github.kafkarouted.it.reliability.CrashablePipelineMain;
import java.nio.ByteBuffer;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records become dead letters with the right reason and context, and the query keeps running:
 * each reason is produced from a real input record through a real broker, and the dead letter's
 * key, value bytes and headers are checked.
 */
class DeadLetterIntegrationTest extends RealKafkaSparkTest {

  private static final int ROUTE_MAX_REQUEST_SIZE = 10_000;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "dead-letter-it");
  }

  /** One input event: its id is the record key (null for the compacted-topic case). */
  private record Event(String id, boolean nullKey, String priority, String region, String amount, int padding) {
    String json() {
      return "{\"id\":\"" + id + "\",\"priority\":\"" + priority + "\",\"region\":"
          + (region == null ? "null" : "\"" + region + "\"") + ",\"amount\":\"" + amount
          + "\",\"pad\":\"" + "x".repeat(padding) + "\"}";
    }
  }

  private Dataset<Row> events(String source) {
    return kafkaStream(source)
        .option("includeHeaders", "true")
        .load()
        .selectExpr(
            "CAST(key AS STRING) AS key",
            "value",
            "headers",
            "get_json_object(CAST(value AS STRING), '$.priority') AS priority",
            "get_json_object(CAST(value AS STRING), '$.region') AS region",
            "get_json_object(CAST(value AS STRING), '$.amount') AS amount",
            "topic AS source_topic",
            "partition AS source_partition",
            "offset AS source_offset");
  }

  private void produce(String topic, List<Event> events) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (Event e : events) {
      records.add(
          new ProducerRecord<>(
              topic,
              0,
              e.nullKey ? null : e.id.getBytes(StandardCharsets.UTF_8),
              e.json().getBytes(StandardCharsets.UTF_8),
              List.of(new RecordHeader("trace", e.id.getBytes(StandardCharsets.UTF_8)))));
    }
    kafka.produce(topic, records);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void eachReasonFromARealRecord() throws Exception {
    String source = kafka.createUniqueTopic("dl-src", 1);
    String urgent = kafka.createUniqueTopic("urgent", 1);
    String amounts = kafka.createUniqueTopic("amounts", 1);
    String prefix = "region-" + source.substring(source.lastIndexOf('-') + 1);
    kafka.createTopic(prefix + "-eu", 1);
    // The broker refuses records over 3,000 bytes for this topic: an asynchronous rejection.
    kafka.createTopic(prefix + "-small", 1, Map.of("max.message.bytes", "3000"));
    // A compacted topic refuses records without key: a non-retriable per-record error.
    kafka.createTopic(prefix + "-compact", 1, Map.of("cleanup.policy", "compact"));
    String dlq = kafka.createUniqueTopic("dlq", 1);

    List<Event> input =
        List.of(
            new Event("good-high", false, "high", null, "5", 0),
            new Event("good-eu", false, "low", "eu", "5", 0),
            new Event("no-route", false, "low", null, "5", 0),
            new Event("route-error", false, "low", "eu", "abc", 0),
            new Event("empty-topic", false, "low", "none", "5", 0),
            new Event("too-large", false, "high", null, "5", ROUTE_MAX_REQUEST_SIZE + 100),
            new Event("broker-too-large", false, "low", "small", "5", 5_000),
            new Event("compacted-null-key", true, "low", "compact", "5", 0),
            new Event("missing-topic", false, "low", "nowhere", "5", 0));
    produce(source, input);
    // Offset 9: JSON cut short, which from_json would half-parse into nulls.
    byte[] truncated = "{\"id\":\"bad-json\",\"priority\":\"hi".getBytes(StandardCharsets.UTF_8);
    kafka.produce(
        source,
        List.of(
            new ProducerRecord<>(
                source,
                0,
                "bad-json".getBytes(StandardCharsets.UTF_8),
                truncated,
                List.of(new RecordHeader("trace", "bad-json".getBytes(StandardCharsets.UTF_8))))));

    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("kafka.max.request.size", Integer.toString(ROUTE_MAX_REQUEST_SIZE));
    options.put("dlq.kafka.max.request.size", "200000");
    options.put("route.1.topic", urgent);
    options.put("route.1.when", "priority = 'high'");
    options.put(
        "route.2.topicExpr",
        "CASE WHEN region = 'none' THEN '' ELSE concat('" + prefix + "-', region) END");
    options.put("route.2.when", "region IS NOT NULL");
    options.put("route.3.topic", amounts);
    options.put("route.3.when", "CAST(amount AS INT) > 100"); // ANSI: 'abc' throws
    options.put("dlq.topic", dlq);
    options.put("validation.schema", "id STRING NOT NULL, priority STRING NOT NULL, amount STRING");

    StreamingQuery query =
        events(source)
            .writeStream()
            .format("kafka-routed")
            .options(options)
            .option("checkpointLocation", tmp.resolve("cp").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    assertTrue(query.awaitTermination(120_000));
    assertTrue(query.exception().isEmpty(), "bad records never kill the query");

    assertEquals(List.of("good-high"), keys(kafka.consumeAll(urgent)));
    assertEquals(List.of("good-eu"), keys(kafka.consumeAll(prefix + "-eu")));
    List<ConsumerRecord<byte[], byte[]>> dead = kafka.consumeAll(dlq);
    Map<String, ConsumerRecord<byte[], byte[]>> byTrace =
        dead.stream().collect(Collectors.toMap(r -> header(r, "trace"), r -> r));
    assertEquals(8, dead.size(), "dead letters: " + byTrace.keySet());
    ConsumerRecord<byte[], byte[]> invalid = byTrace.get("bad-json");
    assertEquals("SCHEMA_INVALID", header(invalid, DeadLetterHeaders.REASON));
    assertArrayEquals(truncated, invalid.value());
    assertTrue(header(invalid, DeadLetterHeaders.ERROR_MESSAGE).contains("validation.schema"));
    assertEquals("9", header(invalid, DeadLetterHeaders.SOURCE_OFFSET));

    expectDeadLetter(byTrace, input, "no-route", "NO_ROUTE", "", query, source);
    expectDeadLetter(byTrace, input, "route-error", "ROUTE_ERROR", "", query, source);
    expectDeadLetter(byTrace, input, "empty-topic", "INVALID_RECORD", "", query, source);
    expectDeadLetter(byTrace, input, "too-large", "RECORD_TOO_LARGE", urgent, query, source);
    expectDeadLetter(
        byTrace, input, "broker-too-large", "RECORD_TOO_LARGE", prefix + "-small", query, source);
    expectDeadLetter(
        byTrace, input, "compacted-null-key", "SEND_FAILED", prefix + "-compact", query, source);
    // Auto-create is off: a computed topic that does not exist is found out in one lookup,
    // without the producer's minute-long metadata wait.
    expectDeadLetter(
        byTrace, input, "missing-topic", "TOPIC_NOT_FOUND", prefix + "-nowhere", query, source);
    assertTrue(header(byTrace.get("route-error"), DeadLetterHeaders.ERROR_MESSAGE).contains("abc"));
    assertTrue(header(byTrace.get("no-route"), DeadLetterHeaders.ERROR_MESSAGE).contains("no route"));

    Map<String, String> metrics = query.lastProgress().sink().metrics();
    assertEquals("10", metrics.get("rowsIn"));
    assertEquals("2", metrics.get("rowsRouted"));
    assertEquals("8", metrics.get("rowsDeadLettered"));
    assertEquals("8", metrics.get("deadLetters"));
    assertEquals("1", metrics.get("deadLetters.reason.TOPIC_NOT_FOUND"));
    assertEquals("1", metrics.get("deadLetters.reason.SCHEMA_INVALID"));
    assertEquals("2", metrics.get("deadLetters.reason.RECORD_TOO_LARGE"));
    assertEquals("1", metrics.get("deadLetters.reason.SEND_FAILED"));
  }

  private void expectDeadLetter(
      Map<String, ConsumerRecord<byte[], byte[]>> byTrace,
      List<Event> input,
      String id,
      String reason,
      String targets,
      StreamingQuery query,
      String source) {
    ConsumerRecord<byte[], byte[]> r = byTrace.get(id);
    assertNotNull(r, "dead letter of " + id);
    Event e = input.stream().filter(x -> x.id.equals(id)).findFirst().orElseThrow();
    assertEquals(reason, header(r, DeadLetterHeaders.REASON), id);
    if (e.nullKey) {
      assertEquals(null, r.key());
    } else {
      assertArrayEquals(id.getBytes(StandardCharsets.UTF_8), r.key(), id);
    }
    assertArrayEquals(e.json().getBytes(StandardCharsets.UTF_8), r.value(), id + ": value bytes unchanged");
    assertEquals(id, header(r, "trace"), "original headers kept");
    assertEquals(targets, header(r, DeadLetterHeaders.TARGET_TOPICS) == null ? "" : header(r, DeadLetterHeaders.TARGET_TOPICS), id);
    assertEquals(source, header(r, DeadLetterHeaders.SOURCE_TOPIC));
    assertEquals("0", header(r, DeadLetterHeaders.SOURCE_PARTITION));
    assertEquals(Integer.toString(input.indexOf(e)), header(r, DeadLetterHeaders.SOURCE_OFFSET));
    assertEquals(query.id().toString(), header(r, DeadLetterHeaders.QUERY_ID));
    assertEquals("0", header(r, DeadLetterHeaders.BATCH_ID));
    assertNotNull(header(r, DeadLetterHeaders.ERROR_CLASS), id);
    assertFalse(header(r, DeadLetterHeaders.ERROR_MESSAGE).isEmpty(), id);
    long time = Long.parseLong(header(r, DeadLetterHeaders.TIME));
    assertTrue(Math.abs(System.currentTimeMillis() - time) < Duration.ofMinutes(10).toMillis());
    assertEquals(
        source + "-0-" + input.indexOf(e) + ":" + DeadLetterHeaders.deadLetterRoute(0, targets.isEmpty() ? List.of() : List.of(targets)),
        header(r, DeadLetterHeaders.IDEMPOTENCY_KEY));
    assertEquals(null, header(r, DeadLetterHeaders.ERROR_STACKTRACE), "stack traces only when asked");
  }

  private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void connectStreamsAndSpringHeaderStylesAndTheJsonEnvelope() {
    String dlqConnect = kafka.createUniqueTopic("dlq-connect", 1);
    String dlqStreams = kafka.createUniqueTopic("dlq-streams", 1);
    String dlqSpring = kafka.createUniqueTopic("dlq-spring", 1);
    String standard = kafka.createUniqueTopic("std", 1);
    Dataset<Row> rows =
        spark.sql(
            "SELECT 'k' AS key, 'v' AS value, 'low' AS priority, 'orders' AS source_topic,"
                + " CAST(3 AS INT) AS source_partition, CAST(1042 AS BIGINT) AS source_offset");
    for (String[] styleAndTopic :
        new String[][] {{"connect", dlqConnect}, {"streams", dlqStreams}, {"spring", dlqSpring}}) {
      rows.write()
          .format("kafka-routed")
          .options(kafka.sparkKafkaOptions())
          .option("route.1.topic", standard)
          .option("route.1.when", "priority = 'high'")
          .option("dlq.topic", styleAndTopic[1])
          .option("dlq.headers", styleAndTopic[0])
          .save();
    }
    ConsumerRecord<byte[], byte[]> connect = kafka.consumeAll(dlqConnect).get(0);
    assertEquals("orders", header(connect, "__connect.errors.topic"));
    assertEquals("3", header(connect, "__connect.errors.partition"));
    assertEquals("1042", header(connect, "__connect.errors.offset"));
    assertNotNull(header(connect, "__connect.errors.exception.class.name"));
    assertNotNull(header(connect, "__connect.errors.exception.message"));
    assertEquals("NO_ROUTE", header(connect, DeadLetterHeaders.REASON));

    ConsumerRecord<byte[], byte[]> streams = kafka.consumeAll(dlqStreams).get(0);
    assertEquals("orders", header(streams, "__streams.errors.topic"));
    assertEquals("3", header(streams, "__streams.errors.partition"));
    assertEquals("1042", header(streams, "__streams.errors.offset"));
    assertNotNull(header(streams, "__streams.errors.exception"));
    assertNotNull(header(streams, "__streams.errors.message"));

    ConsumerRecord<byte[], byte[]> spring = kafka.consumeAll(dlqSpring).get(0);
    assertEquals("orders", header(spring, "kafka_dlt-original-topic"));
    assertEquals(3, ByteBuffer.wrap(spring.headers().lastHeader("kafka_dlt-original-partition").value()).getInt());
    assertEquals(1042L, ByteBuffer.wrap(spring.headers().lastHeader("kafka_dlt-original-offset").value()).getLong());
    assertNotNull(header(spring, "kafka_dlt-exception-fqcn"));
    assertNotNull(header(spring, "kafka_dlt-exception-message"));
    for (ConsumerRecord<byte[], byte[]> r : List.of(connect, streams, spring)) {
      assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), r.key());
      assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), r.value());
    }

    // dlq.format=json: the value is an envelope that consumers without header support can read.
    String dlqJson = kafka.createUniqueTopic("dlq-json", 1);
    rows.write()
        .format("kafka-routed")
        .options(kafka.sparkKafkaOptions())
        .option("route.1.topic", standard)
        .option("route.1.when", "priority = 'high'")
        .option("dlq.topic", dlqJson)
        .option("dlq.format", "json")
        .save();
    ConsumerRecord<byte[], byte[]> json = kafka.consumeAll(dlqJson).get(0);
    String envelope = new String(json.value(), StandardCharsets.UTF_8);
    assertTrue(envelope.contains("NO_ROUTE") && envelope.contains("orders"), envelope);
    var decoded = new io.github.kafkarouted.dlq.codec.DeadLetterDecoder().decode(json).deadLetter();
    assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), decoded.value());
    assertEquals("NO_ROUTE", decoded.reason().name());
    assertEquals(1042L, decoded.sourceOffset());
  }

  /**
   * 10,000 rows, 60% good and 10% each of four bad kinds, under micro-batch and Real-Time Mode:
   * route records + dead letters + dropped = input, exactly, and the sink metrics say the same.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"microbatch", "realtime", "realtime-foreach"})
  void mixedRunBalancesExactly(String trigger) throws Exception {
    int rows = 10_000;
    String source = kafka.createUniqueTopic("mixed-src", 2);
    String urgent = kafka.createUniqueTopic("mixed-urgent", 2);
    String standard = kafka.createUniqueTopic("mixed-standard", 2);
    String amounts = kafka.createUniqueTopic("mixed-amounts", 2);
    String dlq = kafka.createUniqueTopic("mixed-dlq", 2);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int kind = i % 10;
      String priority = kind == 6 ? "none" : kind % 2 == 0 ? "high" : "low";
      String amount = kind == 7 ? "abc" : "5";
      int pad = kind == 8 ? ROUTE_MAX_REQUEST_SIZE + 100 : 0;
      Event e = new Event(Integer.toString(i), false, priority, null, amount, pad);
      records.add(
          new ProducerRecord<>(
              source, i % 2, e.id.getBytes(StandardCharsets.UTF_8), e.json().getBytes(StandardCharsets.UTF_8)));
    }
    kafka.produce(source, records);

    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("kafka.max.request.size", Integer.toString(ROUTE_MAX_REQUEST_SIZE));
    options.put("dlq.kafka.max.request.size", "200000");
    options.put("route.1.topic", urgent);
    options.put("route.1.when", "priority = 'high'");
    options.put("route.2.topic", standard);
    options.put("route.2.when", "priority = 'low'");
    options.put("route.3.topic", amounts);
    options.put("route.3.when", "CAST(amount AS INT) > 100");
    options.put("dlq.topic", dlq);

    Dataset<Row> input =
        events(source)
            .selectExpr(
                "*",
                "CASE WHEN CAST(key AS INT) % 10 = 9 THEN 99 ELSE CAST(NULL AS INT) END AS partition");
    var writer =
        input.writeStream().option("checkpointLocation", tmp.resolve("cp-" + trigger).toString());
    if (trigger.equals("realtime-foreach")) {
      writer =
          writer
              .foreach(io.github.kafkarouted.connector.KafkaRouted.foreachWriter(input, options))
              .outputMode("update")
              .trigger(Trigger.RealTime(5000));
    } else {
      writer = writer.format("kafka-routed").options(options);
    }
    if (trigger.equals("realtime")) {
      spark.conf().set("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
      writer = writer.outputMode("update").trigger(Trigger.RealTime(5000));
    }
    StreamingQuery query = writer.start();
    try {
      Duration wait = Duration.ofSeconds(120);
      int urgentCount = kafka.consumeAtLeast(urgent, 3000, wait).size();
      int standardCount = kafka.consumeAtLeast(standard, 3000, wait).size();
      List<ConsumerRecord<byte[], byte[]>> dead = kafka.consumeAtLeast(dlq, 4000, wait);
      assertEquals(3000, urgentCount);
      assertEquals(3000, standardCount);
      assertEquals(0, kafka.consumeAll(amounts).size());
      assertEquals(4000, dead.size());
      assertEquals(rows, urgentCount + standardCount + dead.size(), "routed + dead letters + dropped = input");
      Map<String, Long> byReason =
          dead.stream().collect(Collectors.groupingBy(r -> header(r, DeadLetterHeaders.REASON), Collectors.counting()));
      assertEquals(
          Map.of("NO_ROUTE", 1000L, "ROUTE_ERROR", 1000L, "RECORD_TOO_LARGE", 1000L, "INVALID_RECORD", 1000L),
          byReason);
      if (trigger.equals("microbatch")) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline
            && (query.lastProgress() == null
                || !Integer.toString(rows).equals(query.lastProgress().sink().metrics().get("rowsIn")))) {
          Thread.sleep(100);
        }
        Map<String, String> m = query.lastProgress().sink().metrics();
        assertEquals(Integer.toString(rows), m.get("rowsIn"));
        assertEquals("6000", m.get("rowsRouted"));
        assertEquals("4000", m.get("rowsDeadLettered"));
        assertEquals("0", m.get("rowsDropped"));
        assertEquals("1000", m.get("deadLetters.reason.INVALID_RECORD"));
      }
    } finally {
      query.stop();
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
  }

  /**
   * A DLQ that cannot be written fails the query with a clear message (the bad rows are not
   * silently lost); once the topic is back, a restart from the checkpoint delivers every row.
   */
  @Test
  void anUnwritableDlqFailsTheQueryAndARestartLosesNothing() throws Exception {
    String source = kafka.createUniqueTopic("unwritable-src", 1);
    String standard = kafka.createUniqueTopic("unwritable-std", 1);
    String dlq = kafka.createUniqueTopic("unwritable-dlq", 1);
    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("route.1.topic", standard);
    options.put("route.1.when", "priority = 'low'");
    options.put("dlq.topic", dlq);
    options.put("dlq.kafka.max.block.ms", "3000");
    options.put("dlq.kafka.delivery.timeout.ms", "5000");
    options.put("dlq.kafka.request.timeout.ms", "3000");
    String checkpoint = tmp.resolve("cp-unwritable").toString();

    List<Event> first = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      first.add(new Event("a" + i, false, i % 2 == 0 ? "low" : "none", null, "5", 0));
    }
    produce(source, first);
    StreamingQuery query = startRouted(source, options, checkpoint);
    kafka.consumeAtLeast(dlq, 10, Duration.ofSeconds(60));

    kafka.deleteTopic(dlq); // auto-create is off: dead letters cannot be written now
    List<Event> second = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      second.add(new Event("b" + i, false, i % 2 == 0 ? "low" : "none", null, "5", 0));
    }
    produce(source, second);
    Exception failure = null;
    try {
      query.awaitTermination(120_000);
    } catch (Exception e) {
      failure = e;
    }
    assertNotNull(failure, "the query fails rather than losing dead letters");
    String chain = messages(failure);
    assertTrue(chain.contains(dlq), chain);

    kafka.createTopic(dlq, 1);
    StreamingQuery restarted = startRouted(source, options, checkpoint);
    try {
      // Spark 4.1.1 (SPARK-55271) may fail the first batch after a restart while it reports
      // progress, after that batch has committed; start again, as README's known issues advise.
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          restarted.awaitTermination(5_000); // still running (or stopped): go on
          break;
        } catch (StreamingQueryException e) {
          if (!CrashablePipelineMain.isSpark55271(e)) {
            throw e;
          }
          System.out.println("unwritable-dlq: restarted query hit SPARK-55271; starting it again");
          restarted = startRouted(source, options, checkpoint);
        }
      }
      List<String> deadIds = keys(kafka.consumeAtLeast(dlq, 10, Duration.ofSeconds(90)));
      List<String> routedIds = keys(kafka.consumeAtLeast(standard, 20, Duration.ofSeconds(90)));
      for (int i = 0; i < 20; i++) {
        String id = "b" + i;
        assertTrue((i % 2 == 0 ? routedIds : deadIds).contains(id), id + " delivered after restart");
      }
    } finally {
      restarted.stop();
    }
  }

  private StreamingQuery startRouted(String source, Map<String, String> options, String checkpoint)
      throws java.util.concurrent.TimeoutException {
    return events(source)
        .writeStream()
        .format("kafka-routed")
        .options(options)
        .option("checkpointLocation", checkpoint)
        .start();
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}
