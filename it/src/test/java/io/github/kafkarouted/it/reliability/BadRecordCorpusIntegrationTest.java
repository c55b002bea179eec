package io.github.kafkarouted.it.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.codec.RecordSizes;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * A corpus of bad (and borderline-valid) records, one kind each, through one running query: each
 * lands where it should (the dead-letter topic with the right reason, or its route when it is in
 * fact valid), the query keeps running, and the counts balance, in the sink's metrics and on the
 * topics.
 *
 * <p>Each input record carries a header {@code case} naming its kind; routed records and dead
 * letters keep the original headers, so every output record is traced back to its kind. The
 * record's other knobs are headers too, turned into record columns by the query: {@code t} (a
 * computed topic), {@code p} (a partition), {@code amt} (a number that a route condition casts),
 * {@code nr} (matches no route) and {@code nullkeyheader} (adds a header with a null key).
 */
class BadRecordCorpusIntegrationTest extends RealKafkaSparkTest {

  /** The routes' producer max.request.size: small, so the size cases stay small. */
  private static final int MAX_REQUEST_SIZE = 20_000;

  private static final String SCHEMA =
      "id STRING NOT NULL, n BIGINT, d DECIMAL(5,2), ts TIMESTAMP, obj STRUCT<a: INT>,"
          + " tags ARRAY<STRING>, pad STRING";

  /** The dead-letter producer's: larger, so that most dead letters keep their whole value. */
  private static final int DLQ_MAX_REQUEST_SIZE = 200_000;

  /** The kind whose dead letter is too large even for the DLQ: it keeps a cut value. */
  private static final String TRUNCATED_DEAD_LETTER = "huge string over the DLQ's max.request.size too";

  private static final String ROUTED = "routed";

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "bad-record-corpus-it");
  }

  /**
   * One kind of record: its value, key and knob headers, and where it must land: {@link #ROUTED}
   * (the good topic) or a dead-letter reason.
   */
  record Kind(String name, byte[] key, byte[] value, Map<String, byte[]> knobs, String expected) {}

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String valid(String id) {
    return "{\"id\":\"" + id + "\",\"n\":1,\"d\":1.25,\"ts\":\"2026-11-24T10:00:00Z\",\"obj\":{\"a\":1},"
        + "\"tags\":[\"a\"]}";
  }

  private static final class Corpus {
    final List<Kind> kinds = new ArrayList<>();

    Corpus value(String name, String json, String expected) {
      return bytes(name, utf8(json), expected);
    }

    Corpus bytes(String name, byte[] value, String expected) {
      kinds.add(new Kind(name, utf8(name), value, Map.of(), expected));
      return this;
    }

    Corpus knob(String name, String knob, String knobValue, String expected) {
      kinds.add(new Kind(name, utf8(name), utf8(valid(name)), Map.of(knob, utf8(knobValue)), expected));
      return this;
    }
  }

  private static List<Kind> corpus(String missingTopic, String goodTopic, String dlqTopic) {
    byte[] invalidUtf8 = utf8("{\"id\":\"x\",\"pad\":\"..\"}");
    invalidUtf8[15] = (byte) 0xC3; // a lead byte followed by '.', not a continuation byte
    byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(valid("bom")));
    byte[] nul = utf8("{\"id\":\"nul\",\"pad\":\"a\u0000b\"}");
    Corpus c =
        new Corpus()
            .value("valid baseline", valid("valid baseline"), ROUTED)
            .value("truncated JSON", "{\"id\":\"t\",\"n\":1", "SCHEMA_INVALID")
            .value("wrong type: string for bigint", "{\"id\":\"w\",\"n\":\"abc\"}", "SCHEMA_INVALID")
            .value("wrong type: number for string", "{\"id\":42}", "SCHEMA_INVALID")
            .value("null in a NOT NULL field", "{\"id\":null,\"n\":1}", "SCHEMA_INVALID")
            .value("NOT NULL field missing", "{\"n\":1}", "SCHEMA_INVALID")
            .value("deep nesting (2,000 levels)",
                "{\"id\":\"deep\",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}", "SCHEMA_INVALID")
            .value("huge string over max.request.size",
                "{\"id\":\"huge\",\"pad\":\"" + "h".repeat(5 * MAX_REQUEST_SIZE) + "\"}", "RECORD_TOO_LARGE")
            .value(TRUNCATED_DEAD_LETTER,
                "{\"id\":\"huger\",\"pad\":\"" + "h".repeat(DLQ_MAX_REQUEST_SIZE) + "\"}", "RECORD_TOO_LARGE")
            .bytes("invalid UTF-8", invalidUtf8, "SCHEMA_INVALID")
            .bytes("UTF-8 byte order mark", bom, "SCHEMA_INVALID")
            .bytes("NUL byte", nul, "SCHEMA_INVALID")
            .bytes("null value", null, "SCHEMA_INVALID")
            .bytes("empty value", new byte[0], "SCHEMA_INVALID")
            .value("blank value", "   ", "SCHEMA_INVALID")
            .value("duplicate JSON key", "{\"id\":\"a\",\"id\":\"b\"}", "SCHEMA_INVALID")
            .value("NaN", "{\"id\":\"nan\",\"n\":NaN}", "SCHEMA_INVALID")
            .value("Infinity", "{\"id\":\"inf\",\"d\":Infinity}", "SCHEMA_INVALID")
            .value("BIGINT overflow", "{\"id\":\"big\",\"n\":9223372036854775808}", "SCHEMA_INVALID")
            .value("BIGINT as a fraction", "{\"id\":\"frac\",\"n\":1.5}", "SCHEMA_INVALID")
            .value("DECIMAL(5,2) precision overflow", "{\"id\":\"dec\",\"d\":12345.6}", "SCHEMA_INVALID")
            .value("DECIMAL(5,2) scale overflow", "{\"id\":\"dec\",\"d\":1.234}", "SCHEMA_INVALID")
            .value("timestamp in a wrong format", "{\"id\":\"ts\",\"ts\":\"2026/11/24 10:00\"}", "SCHEMA_INVALID")
            .value("timestamp as epoch millis", "{\"id\":\"ts\",\"ts\":1764000000000}", "SCHEMA_INVALID")
            .value("array where an object is expected (top level)", "[{\"id\":\"arr\"}]", "SCHEMA_INVALID")
            .value("array where an object is expected (field)", "{\"id\":\"arr\",\"obj\":[1]}", "SCHEMA_INVALID")
            .value("object where an array is expected", "{\"id\":\"o\",\"tags\":{\"a\":1}}", "SCHEMA_INVALID")
            .value("JSON scalar instead of an object", "42", "SCHEMA_INVALID")
            .value("trailing garbage", valid("trailing") + " xyz", "SCHEMA_INVALID")
            .value("two JSON objects", valid("two") + valid("two"), "SCHEMA_INVALID")
            .value("single-quoted JSON", "{'id':'q'}", "SCHEMA_INVALID")
            .value("unknown field (allowed)", "{\"id\":\"u\",\"extra\":{\"deep\":[1,2,{}]}}", ROUTED)
            .knob("computed topic empty", "t", "", "INVALID_RECORD")
            .knob("computed topic over 249 characters", "t", "t".repeat(250), "INVALID_RECORD")
            .knob("computed topic with illegal characters", "t", "bad topic!", "INVALID_RECORD")
            .knob("computed topic that does not exist", "t", missingTopic, "TOPIC_NOT_FOUND")
            .knob("computed topic that exists", "t", goodTopic, ROUTED)
            .knob("computed topic that is the DLQ topic", "t", dlqTopic, "TOPIC_NOT_ALLOWED")
            .knob("computed topic __consumer_offsets", "t", "__consumer_offsets", "TOPIC_NOT_ALLOWED")
            .knob("computed topic with Kafka's internal prefix", "t", "__corpus", "TOPIC_NOT_ALLOWED")
            .knob("partition out of range", "p", "99", "INVALID_RECORD")
            .knob("partition negative", "p", "-1", "INVALID_RECORD")
            .knob("matches no route", "nr", "1", "NO_ROUTE")
            .knob("route condition throws (ANSI cast)", "amt", "abc", "ROUTE_ERROR")
            .knob("header with a null key", "nullkeyheader", "1", "INVALID_RECORD");
    // A null key, a key of invalid UTF-8 and a header with a null value are all legal in Kafka.
    c.kinds.add(new Kind("null key", null, utf8(valid("null key")), Map.of(), ROUTED));
    c.kinds.add(new Kind("key of invalid UTF-8", new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00}, utf8(valid("k")),
        Map.of(), ROUTED));
    c.kinds.add(new Kind("header with a null value", utf8("header with a null value"),
        utf8(valid("hn")), headerWithNullValue(), ROUTED));
    return c.kinds;
  }

  private static Map<String, byte[]> headerWithNullValue() {
    Map<String, byte[]> m = new HashMap<>();
    m.put("nullvalued", null);
    return m;
  }

  /**
   * A valid value whose routed record's size, as the producer estimates it, is {@code
   * MAX_REQUEST_SIZE + delta}: the case headers and key are what the sink sends on.
   */
  private static Kind sized(String name, int delta, String expected) {
    List<Header> headers = List.of(new RecordHeader("case", utf8(name)));
    byte[] key = utf8(name);
    String prefix = "{\"id\":\"" + name + "\",\"pad\":\"";
    int padding = 0;
    byte[] value;
    while (true) {
      value = utf8(prefix + "p".repeat(padding) + "\"}");
      int size = RecordSizes.estimatedSize(key, value, headers.toArray(new Header[0]));
      if (size >= MAX_REQUEST_SIZE + delta) {
        break;
      }
      padding += Math.max(1, (MAX_REQUEST_SIZE + delta - size) / 2);
    }
    assertEquals(MAX_REQUEST_SIZE + delta,
        RecordSizes.estimatedSize(key, value, headers.toArray(new Header[0])), name + ": sizing");
    return new Kind(name, key, value, Map.of(), expected);
  }

  private Dataset<Row> query(String source) {
    return kafkaStream(source)
        .option("includeHeaders", "true")
        .load()
        .selectExpr(
            "key",
            "value",
            "headers",
            "timestamp",
            "transform_values(map_from_entries(headers), (k, v) -> CAST(v AS STRING)) AS knobs")
        .selectExpr(
            "key",
            "value",
            "timestamp",
            "CASE WHEN knobs['nullkeyheader'] IS NOT NULL"
                + " THEN concat(headers, array(named_struct('key', CAST(NULL AS STRING),"
                + " 'value', CAST('x' AS BINARY)))) ELSE headers END AS headers",
            "try_cast(knobs['p'] AS INT) AS partition",
            "knobs['t'] AS t",
            "knobs['nr'] AS nr",
            "knobs['amt'] AS amt");
  }

  @Test
  void everyKindLandsWhereItShouldAndTheQueryKeepsRunning() throws Exception {
    String source = kafka.createUniqueTopic("corpus-src", 2);
    String good = kafka.createUniqueTopic("corpus-good", 2);
    String amounts = kafka.createUniqueTopic("corpus-amounts", 1);
    String dlq = kafka.createUniqueTopic("corpus-dlq", 1);
    List<Kind> kinds = new ArrayList<>(corpus(good + "-missing", good, dlq));
    kinds.add(sized("value just under max.request.size", -1, ROUTED));
    kinds.add(sized("value exactly at max.request.size", 0, ROUTED));
    kinds.add(sized("value just over max.request.size", 1, "RECORD_TOO_LARGE"));

    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("kafka.max.request.size", Integer.toString(MAX_REQUEST_SIZE));
    options.put("route.1.topic", amounts);
    options.put("route.1.when", "CAST(amt AS INT) > 100"); // ANSI: 'abc' throws
    options.put("route.2.topicExpr", "t");
    options.put("route.2.when", "t IS NOT NULL");
    options.put("route.3.topic", good);
    options.put("route.3.when", "nr IS NULL");
    options.put("dlq.topic", dlq);
    options.put("dlq.kafka.max.request.size", Integer.toString(DLQ_MAX_REQUEST_SIZE));
    options.put("validation.schema", SCHEMA);
    StreamingQuery query =
        query(source)
            .writeStream()
            .format("kafka-routed")
            .options(options)
            .option("checkpointLocation", tmp.resolve("cp").toString())
            .trigger(Trigger.ProcessingTime(200))
            .start();
    try {
      produce(source, kinds);
      awaitRecords(query, List.of(good, dlq), kinds.size());
      Map<String, Long> inputTimestamps = new HashMap<>();
      kafka.consumeAll(source).forEach(r -> inputTimestamps.put(header(r, "case"), r.timestamp()));

      Map<String, ConsumerRecord<byte[], byte[]>> routed = byCase(kafka.consumeAll(good), "routed");
      Map<String, ConsumerRecord<byte[], byte[]>> dead = byCase(kafka.consumeAll(dlq), "dead letters");
      assertEquals(List.of(), keysOf(kafka.consumeAll(amounts)), "nothing has amt > 100");
      Map<String, String> landed = new TreeMap<>();
      for (Kind kind : kinds) {
        ConsumerRecord<byte[], byte[]> out = routed.containsKey(kind.name()) ? routed.get(kind.name()) : dead.get(kind.name());
        String where =
            out == null ? "nowhere" : routed.containsKey(kind.name()) ? ROUTED : header(out, DeadLetterHeaders.REASON);
        landed.put(kind.name(), where);
        assertEquals(kind.expected(), where, "kind '" + kind.name() + "' landed in the wrong place");
        if (kind.name().equals(TRUNCATED_DEAD_LETTER)) {
          assertEquals("true", header(out, DeadLetterHeaders.VALUE_TRUNCATED));
          assertEquals(Integer.toString(kind.value().length), header(out, DeadLetterHeaders.VALUE_ORIGINAL_SIZE));
        } else {
          assertArrayEquals(kind.value(), out.value(), "kind '" + kind.name() + "': value bytes kept");
        }
        assertArrayEquals(kind.key(), out.key(), "kind '" + kind.name() + "': key bytes kept");
        if (!ROUTED.equals(kind.expected())) {
          assertEquals(inputTimestamps.get(kind.name()), out.timestamp(),
              "kind '" + kind.name() + "': the dead letter keeps the input record's timestamp");
        }
        if (!ROUTED.equals(kind.expected())) {
          assertTrue(header(out, DeadLetterHeaders.ERROR_MESSAGE) != null
                  || header(out, DeadLetterHeaders.ERROR_CLASS) != null,
              "kind '" + kind.name() + "': the dead letter says why");
        }
      }
      assertEquals(kinds.size(), routed.size() + dead.size(), "each record lands exactly once: " + landed);
      ConsumerRecord<byte[], byte[]> nullValued = routed.get("header with a null value");
      assertNull(nullValued.headers().lastHeader("nullvalued").value(), "a null header value is kept");

      assertTrue(query.isActive() && query.exception().isEmpty(), "bad records never stop the query");
      // Still running: a good record sent after the corpus is routed too.
      produce(source, List.of(new Kind("after the corpus", utf8("after"), utf8(valid("after")), Map.of(), ROUTED)));
      awaitRecords(query, List.of(good, dlq), kinds.size() + 1);
      assertTrue(byCase(kafka.consumeAll(good), "routed").containsKey("after the corpus"));

      long routedCount = routed.size() + 1;
      Map<String, String> metrics = awaitMetrics(query, kinds.size() + 1);
      long rowsIn = Long.parseLong(metrics.get("rowsIn"));
      long rowsRouted = Long.parseLong(metrics.get("rowsRouted"));
      long rowsDead = Long.parseLong(metrics.get("rowsDeadLettered"));
      long rowsDropped = Long.parseLong(metrics.get("rowsDropped"));
      System.out.printf(
          "RELIABILITY bad-data: kinds=%d rowsIn=%d rowsRouted=%d rowsDeadLettered=%d rowsDropped=%d"
              + " topics: routed=%d dlq=%d reasons=%s%n",
          kinds.size() + 1, rowsIn, rowsRouted, rowsDead, rowsDropped, routedCount, dead.size(),
          reasons(metrics));
      assertEquals(kinds.size() + 1, rowsIn, "rowsIn");
      assertEquals(rowsIn, rowsRouted + rowsDead + rowsDropped, "rowsIn = routed + dead letters + dropped");
      assertEquals(routedCount, rowsRouted, "rowsRouted = records on the route topics");
      assertEquals(dead.size(), rowsDead, "rowsDeadLettered = records on the DLQ");
    } finally {
      query.stop();
    }
  }

  private void produce(String topic, List<Kind> kinds) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (Kind kind : kinds) {
      List<Header> headers = new ArrayList<>();
      headers.add(new RecordHeader("case", utf8(kind.name())));
      kind.knobs().forEach((k, v) -> headers.add(new RecordHeader(k, v)));
      // An old timestamp: a dead letter stamped at dead-lettering time instead would differ.
      long timestamp = System.currentTimeMillis() - 3_600_000L + records.size();
      records.add(new ProducerRecord<>(topic, null, timestamp, kind.key(), kind.value(), headers));
    }
    kafka.produce(topic, records);
  }

  /** Polls the end offsets until the topics hold {@code n} records; fails if the query died. */
  private void awaitRecords(StreamingQuery query, List<String> topics, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      long total = topics.stream().mapToLong(kafka::endOffsetSum).sum();
      if (total >= n) {
        return;
      }
      assertTrue(query.isActive(), () -> "the query stopped: " + query.exception());
      assertTrue(System.nanoTime() < deadline, "only " + total + " of " + n + " records arrived");
      Thread.sleep(200);
    }
  }

  /** The sink totals once they count {@code rowsIn} rows (progress lags the output by a trigger). */
  private static Map<String, String> awaitMetrics(StreamingQuery query, long rowsIn) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      if (query.lastProgress() != null) {
        Map<String, String> metrics = query.lastProgress().sink().metrics();
        if (metrics.containsKey("rowsIn") && Long.parseLong(metrics.get("rowsIn")) >= rowsIn) {
          return metrics;
        }
      }
      assertTrue(System.nanoTime() < deadline, "sink metrics never counted " + rowsIn + " rows");
      Thread.sleep(200);
    }
  }

  private static Map<String, String> reasons(Map<String, String> metrics) {
    Map<String, String> reasons = new TreeMap<>();
    metrics.forEach((k, v) -> {
      if (k.startsWith("deadLetters.reason.")) {
        reasons.put(k.substring("deadLetters.reason.".length()), v);
      }
    });
    return reasons;
  }

  private static Map<String, ConsumerRecord<byte[], byte[]>> byCase(
      List<ConsumerRecord<byte[], byte[]>> records, String where) {
    Map<String, ConsumerRecord<byte[], byte[]>> byCase = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String kind = header(r, "case");
      ConsumerRecord<byte[], byte[]> previous = byCase.put(kind, r);
      assertNull(previous, "kind '" + kind + "' appears twice in " + where);
    }
    return byCase;
  }

  private static List<String> keysOf(List<ConsumerRecord<byte[], byte[]>> records) {
    List<String> keys = new ArrayList<>();
    records.forEach(r -> keys.add(header(r, "case")));
    return keys;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
