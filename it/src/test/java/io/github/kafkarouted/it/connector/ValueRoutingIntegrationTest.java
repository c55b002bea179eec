package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import static io.github.kafkarouted.it.Records.awaitSinkMetric;
import static io.github.kafkarouted.it.Records.header;
import static io.github.kafkarouted.it.Records.keys;
import static io.github.kafkarouted.it.Records.messages;
import static io.github.kafkarouted.it.Records.utf8;

import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seeds' routing + schema validation pipeline with no parsing code in the query: routes written
 * on the decoded value ({@code data.priority}, {@code data.event_type}, {@code concat('events-',
 * data.region)}), invalid values to the DLQ as SCHEMA_INVALID. Under every trigger and both
 * front-ends: every row lands on the topic its fields choose, or in the DLQ, and the counts equal
 * the sink's metrics.
 */
class ValueRoutingIntegrationTest extends RealKafkaSparkTest {

  private static final int PARTITIONS = 2;
  private static final int ROWS = 100;
  private static final String SCHEMA =
      "event_id STRING NOT NULL, priority STRING, event_type STRING NOT NULL, region STRING, amount DECIMAL(10,2)";

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(PARTITIONS, "value-routing-it");
  }

  private static boolean invalid(int i) {
    return i % 10 == 7;
  }

  private static String json(int i) {
    if (invalid(i)) {
      // Alternately malformed, and valid JSON missing a NOT NULL field.
      return i % 20 == 7 ? "{\"event_id\": \"" + i + "\", \"priority\": " : "{\"priority\": \"high\", \"event_type\": \"x\"}";
    }
    String priority = i % 3 == 0 ? "high" : "low";
    String type = i % 4 == 0 ? "error" : "click";
    String region = i % 5 == 0 ? "null" : "\"" + (i % 2 == 0 ? "eu" : "us") + "\"";
    return "{\"event_id\":\"e" + i + "\",\"priority\":\"" + priority + "\",\"event_type\":\"" + type
        + "\",\"region\":" + region + ",\"amount\":" + (i * 1.25) + ",\"extra\":{\"ignored\":[1,2]}}";
  }

  /** Where event {@code i} must land (first match): route 1, 2, 3 (per region), default, or the DLQ. */
  private static String destination(int i, String prefix) {
    if (invalid(i)) {
      return "dlq";
    }
    if (i % 3 == 0) {
      return "urgent";
    }
    if (i % 4 == 0) {
      return "errors";
    }
    if (i % 5 != 0) {
      return prefix + "-" + (i % 2 == 0 ? "eu" : "us");
    }
    return "standard";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"microbatch", "availablenow", "continuous", "realtime", "realtime-foreach"})
  void routesOnTheDecodedValueWithNoParsingInTheQuery(String trigger) throws Exception {
    String source = kafka.createUniqueTopic("value-src", PARTITIONS);
    String urgent = kafka.createUniqueTopic("value-urgent", 1);
    String errors = kafka.createUniqueTopic("value-errors", 1);
    String standard = kafka.createUniqueTopic("value-standard", 1);
    String dlq = kafka.createUniqueTopic("value-dlq", 1);
    String prefix = kafka.createUniqueTopic("value-region", 1); // a unique name; its regions below
    kafka.createTopic(prefix + "-eu", 1);
    kafka.createTopic(prefix + "-us", 1);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      records.add(new ProducerRecord<>(source, i % PARTITIONS, utf8(Integer.toString(i)), utf8(json(i))));
    }
    kafka.produce(source, records);

    Dataset<Row> events =
        kafkaStream(source)
            .option("kafka.fetch.max.wait.ms", "10")
            .load()
            .selectExpr(
                "key", "value", "topic AS source_topic", "partition AS source_partition", "offset AS source_offset");
    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("validation.schema", SCHEMA);
    options.put("route.1.topic", urgent);
    options.put("route.1.when", "data.priority = 'high'");
    options.put("route.2.topic", errors);
    options.put("route.2.when", "data.event_type = 'error' AND source_partition >= 0");
    options.put("route.3.topicExpr", "concat('" + prefix + "-', data.region)");
    options.put("route.3.when", "data.region IS NOT NULL AND data.amount >= 0");
    options.put("topic", standard);
    options.put("dlq.topic", dlq);

    DataStreamWriter<Row> writer = events.writeStream().option("checkpointLocation", tmp.resolve("cp").toString());
    switch (trigger) {
      case "microbatch" -> writer.format("kafka-routed").options(options).trigger(Trigger.ProcessingTime(200));
      case "availablenow" -> writer.format("kafka-routed").options(options).trigger(Trigger.AvailableNow());
      case "continuous" -> writer.format("kafka-routed").options(options).trigger(Trigger.Continuous("1 second"));
      case "realtime" -> {
        spark.conf().set("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
        writer.format("kafka-routed").options(options).outputMode("update").trigger(Trigger.RealTime(5000));
      }
      case "realtime-foreach" ->
          writer.foreach(KafkaRouted.foreachWriter(events, options)).outputMode("update").trigger(Trigger.RealTime(5000));
      default -> throw new IllegalArgumentException(trigger);
    }
    Map<String, String> topics = Map.of("urgent", urgent, "errors", errors, "standard", standard, "dlq", dlq);
    Map<String, Integer> expected = new TreeMap<>();
    for (int i = 0; i < ROWS; i++) {
      expected.merge(destination(i, prefix), 1, Integer::sum);
    }

    StreamingQuery query = writer.start();
    try {
      if (trigger.equals("availablenow")) {
        assertTrue(query.awaitTermination(120_000), "AvailableNow ends by itself");
      }
      Map<String, String> landed = new TreeMap<>();
      Duration wait = Duration.ofSeconds(90);
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        String topic = topics.getOrDefault(e.getKey(), e.getKey());
        List<ConsumerRecord<byte[], byte[]>> out = kafka.consumeAtLeast(topic, e.getValue(), wait);
        assertEquals((int) e.getValue(), out.size(), trigger + ": records on " + e.getKey());
        for (ConsumerRecord<byte[], byte[]> r : out) {
          String id = new String(r.key(), StandardCharsets.UTF_8);
          landed.put(id, e.getKey());
          assertEquals(json(Integer.parseInt(id)), new String(r.value(), StandardCharsets.UTF_8), "the original value bytes");
          if (e.getKey().equals("dlq")) {
            assertEquals("SCHEMA_INVALID", header(r, DeadLetterHeaders.REASON), id);
            assertTrue(header(r, DeadLetterHeaders.ERROR_MESSAGE).startsWith("validation.schema: "), id);
          }
        }
      }
      for (int i = 0; i < ROWS; i++) {
        assertEquals(destination(i, prefix), landed.get(Integer.toString(i)), trigger + ": where event " + i + " landed");
      }
      if (!trigger.equals("continuous") && !trigger.equals("realtime-foreach")) {
        Map<String, String> metrics = awaitSinkMetric(query, "rowsIn", ROWS);
        int dead = expected.get("dlq");
        assertEquals(Integer.toString(ROWS - dead), metrics.get("rowsRouted"));
        assertEquals(Integer.toString(dead), metrics.get("rowsDeadLettered"));
        assertEquals(Integer.toString(dead), metrics.get("deadLetters.reason.SCHEMA_INVALID"));
        assertEquals(Integer.toString(expected.get("urgent")), metrics.get("recordsSent.route.1"));
        assertEquals(Integer.toString(expected.get("errors")), metrics.get("recordsSent.route.2"));
        assertEquals(
            Integer.toString(expected.get(prefix + "-eu") + expected.get(prefix + "-us")),
            metrics.get("recordsSent.route.3"));
        assertEquals(Integer.toString(expected.get("standard")), metrics.get("recordsSent.route.default"));
      }
      assertTrue(query.exception().isEmpty(), "no bad value stops the query");
    } finally {
      query.stop();
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
  }

}
