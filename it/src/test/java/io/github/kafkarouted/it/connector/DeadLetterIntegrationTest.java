package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.DeadLetterHeaders;
import io.github.kafkarouted.it.RealKafkaSparkTest;
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
    return spark
        .readStream()
        .format("kafka")
        .options(kafka.sparkKafkaOptions())
        .option("subscribe", source)
        .option("startingOffsets", "earliest")
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
            new Event("compacted-null-key", true, "low", "compact", "5", 0));
    produce(source, input);

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
    assertEquals(6, dead.size(), "dead letters: " + byTrace.keySet());

    expectDeadLetter(byTrace, input, "no-route", "NO_ROUTE", "", query, source);
    expectDeadLetter(byTrace, input, "route-error", "ROUTE_ERROR", "", query, source);
    expectDeadLetter(byTrace, input, "empty-topic", "INVALID_RECORD", "", query, source);
    expectDeadLetter(byTrace, input, "too-large", "RECORD_TOO_LARGE", urgent, query, source);
    expectDeadLetter(
        byTrace, input, "broker-too-large", "RECORD_TOO_LARGE", prefix + "-small", query, source);
    expectDeadLetter(
        byTrace, input, "compacted-null-key", "SEND_FAILED", prefix + "-compact", query, source);
    assertTrue(header(byTrace.get("route-error"), DeadLetterHeaders.ERROR_MESSAGE).contains("abc"));
    assertTrue(header(byTrace.get("no-route"), DeadLetterHeaders.ERROR_MESSAGE).contains("no route"));

    Map<String, String> metrics = query.lastProgress().sink().metrics();
    assertEquals("8", metrics.get("rowsIn"));
    assertEquals("2", metrics.get("rowsRouted"));
    assertEquals("6", metrics.get("rowsDeadLettered"));
    assertEquals("6", metrics.get("deadLetters"));
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
  void connectStreamsAndSpringHeaderStyles() {
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
  }
}
