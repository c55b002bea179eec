package io.github.kafkarouted.it.connector;

import static io.github.kafkarouted.it.Records.awaitSinkMetric;
import static io.github.kafkarouted.it.Records.header;
import static io.github.kafkarouted.it.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.connector.validation.ValueFormat;
import io.github.kafkarouted.connector.validation.avro.AvroFormat;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * The seeds' routing + validation pipeline with Avro values, plain and in the Confluent wire
 * format: routes written on the decoded record ({@code data.priority}, an enum; {@code
 * data.event_type}; {@code concat('<prefix>-', data.region)}, a {@code [null, string]} union;
 * {@code data.amount}, a decimal), with no {@code from_avro} in the query. A quarter of the values
 * are the malformed corpus ({@link AvroCorpus}): each becomes a SCHEMA_INVALID dead letter with its
 * message and original bytes, none stops the query. Under micro-batch and Real-Time Mode, through
 * the DSv2 sink and the ForeachWriter.
 */
class AvroValueRoutingIntegrationTest extends RealKafkaSparkTest {

  private static final int PARTITIONS = 2;
  private static final int ROWS = 120;
  private static final int SCHEMA_ID = 42;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(PARTITIONS, "avro-value-routing-it");
  }

  private static boolean malformed(int i) {
    return i % 4 == 3;
  }

  private static byte[] value(int i, boolean confluent) {
    List<byte[]> corpus = confluent ? AvroCorpus.framedCorpus(SCHEMA_ID) : AvroCorpus.plainCorpus();
    if (malformed(i)) {
      return corpus.get((i / 4) % corpus.size());
    }
    String priority = i % 3 == 0 ? "high" : "low";
    String type = i % 4 == 0 ? "error" : "click";
    String region = i % 5 == 0 ? null : i % 2 == 0 ? "eu" : "us";
    byte[] body = AvroCorpus.event("e" + i, priority, type, region, i * 125L, i % 2 == 0);
    return confluent ? AvroCorpus.frame(SCHEMA_ID, body) : body;
  }

  /** Where event {@code i} must land (first match): route 1, 2, 3 (per region), default, or the DLQ. */
  private static String destination(int i, String prefix) {
    if (malformed(i)) {
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
  @ValueSource(
      strings = {
        "avro/microbatch",
        "avro-confluent/microbatch",
        "avro/realtime",
        "avro-confluent/realtime",
        "avro/realtime-foreach",
        "avro-confluent/realtime-foreach"
      })
  void routesOnTheDecodedAvroRecord(String run) throws Exception {
    String format = run.substring(0, run.indexOf('/'));
    String trigger = run.substring(run.indexOf('/') + 1);
    boolean confluent = format.equals("avro-confluent");
    String source = kafka.createUniqueTopic("avro-src", PARTITIONS);
    String urgent = kafka.createUniqueTopic("avro-urgent", 1);
    String errors = kafka.createUniqueTopic("avro-errors", 1);
    String standard = kafka.createUniqueTopic("avro-standard", 1);
    String dlq = kafka.createUniqueTopic("avro-dlq", 1);
    String prefix = kafka.createUniqueTopic("avro-region", 1); // a unique name; its regions below
    kafka.createTopic(prefix + "-eu", 1);
    kafka.createTopic(prefix + "-us", 1);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      records.add(new ProducerRecord<>(source, i % PARTITIONS, utf8(Integer.toString(i)), value(i, confluent)));
    }
    kafka.produce(source, records);

    Dataset<Row> events =
        kafkaStream(source)
            .option("kafka.fetch.max.wait.ms", "10")
            .load()
            .selectExpr(
                "key", "value", "topic AS source_topic", "partition AS source_partition", "offset AS source_offset");
    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("validation.format", format);
    String schemaOption;
    if (confluent) {
      // The wire format reads its schema from a file (read once, on the driver) and pins the id.
      Path file = tmp.resolve("event.avsc");
      Files.writeString(file, AvroCorpus.SCHEMA);
      schemaOption = "validation.avroSchemaFile";
      options.put(schemaOption, file.toUri().toString());
      options.put("validation.avroSchemaIds", Integer.toString(SCHEMA_ID));
    } else {
      schemaOption = "validation.avroSchema";
      options.put(schemaOption, AvroCorpus.SCHEMA);
    }
    options.put("route.1.topic", urgent);
    options.put("route.1.when", "data.priority = 'high'");
    options.put("route.2.topic", errors);
    options.put("route.2.when", "data.event_type = 'error' AND source_partition >= 0");
    options.put("route.3.topicExpr", "concat('" + prefix + "-', data.region)");
    options.put("route.3.when", "data.region IS NOT NULL AND data.amount >= 0 AND size(data.attrs) = 1");
    options.put("topic", standard);
    options.put("dlq.topic", dlq);

    DataStreamWriter<Row> writer = events.writeStream().option("checkpointLocation", tmp.resolve("cp").toString());
    switch (trigger) {
      case "microbatch" -> writer.format("kafka-routed").options(options).trigger(Trigger.ProcessingTime(200));
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
    ValueFormat reference =
        confluent
            ? AvroFormat.confluent(AvroCorpus.SCHEMA, schemaOption, new int[] {SCHEMA_ID})
            : AvroFormat.plain(AvroCorpus.SCHEMA, schemaOption);

    StreamingQuery query = writer.start();
    try {
      Map<String, String> landed = new TreeMap<>();
      Duration wait = Duration.ofSeconds(90);
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        String topic = topics.getOrDefault(e.getKey(), e.getKey());
        List<ConsumerRecord<byte[], byte[]>> out = kafka.consumeAtLeast(topic, e.getValue(), wait);
        assertEquals((int) e.getValue(), out.size(), run + ": records on " + e.getKey());
        for (ConsumerRecord<byte[], byte[]> r : out) {
          String id = new String(r.key(), StandardCharsets.UTF_8);
          landed.put(id, e.getKey());
          byte[] sent = value(Integer.parseInt(id), confluent);
          assertArrayEquals(sent, r.value(), run + ": the original value bytes of " + id);
          if (e.getKey().equals("dlq")) {
            assertEquals("SCHEMA_INVALID", header(r, DeadLetterHeaders.REASON), id);
            String message = header(r, DeadLetterHeaders.ERROR_MESSAGE);
            assertEquals(schemaOption + ": " + reference.validate(sent), message, run + ": message of " + id);
            String pinned = AvroCorpus.expectedMessage(sent, confluent);
            if (pinned != null) {
              assertEquals(schemaOption + ": " + pinned, message, run + ": message of " + id);
            }
          }
        }
      }
      for (int i = 0; i < ROWS; i++) {
        assertEquals(destination(i, prefix), landed.get(Integer.toString(i)), run + ": where event " + i + " landed");
      }
      if (!trigger.equals("realtime-foreach")) {
        Map<String, String> metrics = awaitSinkMetric(query, "rowsIn", ROWS);
        int dead = expected.get("dlq");
        assertEquals(Integer.toString(ROWS - dead), metrics.get("rowsRouted"));
        assertEquals(Integer.toString(dead), metrics.get("deadLetters.reason.SCHEMA_INVALID"));
        assertEquals(Integer.toString(expected.get("urgent")), metrics.get("recordsSent.route.1"));
        assertEquals(Integer.toString(expected.get("errors")), metrics.get("recordsSent.route.2"));
        assertEquals(
            Integer.toString(expected.get(prefix + "-eu") + expected.get(prefix + "-us")),
            metrics.get("recordsSent.route.3"));
        assertEquals(Integer.toString(expected.get("standard")), metrics.get("recordsSent.route.default"));
      }
      assertTrue(query.exception().isEmpty(), "no malformed value stops the query");
      assertTrue(query.isActive(), "the query is still running");
    } finally {
      query.stop();
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
  }
}
