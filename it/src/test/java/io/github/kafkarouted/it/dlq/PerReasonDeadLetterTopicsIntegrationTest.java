package io.github.kafkarouted.it.dlq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.metadata.TopicDirectory;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.replay.DeadLetterReplay;
import io.github.kafkarouted.dlq.replay.ReplayResult;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlq.topic.<REASON>} on a real broker: a micro-batch query's SCHEMA_INVALID and
 * RECORD_TOO_LARGE dead letters land each on its reason's topic, every other reason on {@code
 * dlq.topic}; the read format and a replay read the three topics together, and the replay sends
 * each dead letter back to the topic it was meant for.
 */
class PerReasonDeadLetterTopicsIntegrationTest extends RealKafkaSparkTest {

  private static final int ROUTE_MAX_REQUEST_SIZE = 10_000;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "per-reason-dlq-it");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : str(h.value());
  }

  /** The trace header of each record to its reason header. */
  private static Map<String, String> reasonsByTrace(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, String> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      out.put(header(r, "trace"), header(r, DeadLetterHeaders.REASON));
    }
    return out;
  }

  private static ProducerRecord<byte[], byte[]> event(String source, String id, String json) {
    return new ProducerRecord<>(source, 0, utf8(id), utf8(json), List.of(new RecordHeader("trace", utf8(id))));
  }

  private static String json(String id, String priority, String region, int padding) {
    return "{\"id\":\"" + id + "\",\"priority\":\"" + priority + "\",\"region\":"
        + (region == null ? "null" : "\"" + region + "\"") + ",\"pad\":\"" + "x".repeat(padding) + "\"}";
  }

  @Test
  void eachReasonOnItsOwnTopicOthersOnDlqTopicAndAReplayReadsThemAll() throws Exception {
    String source = kafka.createUniqueTopic("prd-src", 1);
    String urgent = kafka.createUniqueTopic("prd-urgent", 1);
    String dlq = kafka.createUniqueTopic("prd-dlq", 1);
    String invalidDlq = kafka.createUniqueTopic("prd-invalid", 1);
    String oversizeDlq = kafka.createUniqueTopic("prd-oversize", 1);
    String regionPrefix = "prd-region-" + source.substring(source.lastIndexOf('-') + 1) + "-";
    String regional = regionPrefix + "eu";

    List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
    input.add(event(source, "good", json("good", "high", null, 0)));
    input.add(event(source, "bad-json", "{\"id\":\"bad-json\",\"priority\":\"hi"));
    input.add(event(source, "no-priority", "{\"id\":\"no-priority\"}"));
    input.add(event(source, "too-large", json("too-large", "high", null, ROUTE_MAX_REQUEST_SIZE + 100)));
    input.add(event(source, "no-route", json("no-route", "low", null, 0)));
    // The regional topic does not exist yet (auto-create is off): TOPIC_NOT_FOUND, to the default DLQ topic.
    input.add(event(source, "missing-topic", json("missing-topic", "low", "eu", 0)));
    kafka.produce(source, input);

    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("kafka.max.request.size", Integer.toString(ROUTE_MAX_REQUEST_SIZE));
    options.put("dlq.kafka.max.request.size", "200000");
    options.put("route.1.topic", urgent);
    options.put("route.1.when", "data.priority = 'high'");
    options.put("route.2.topicExpr", "concat('" + regionPrefix + "', data.region)");
    options.put("route.2.when", "data.region IS NOT NULL");
    options.put("validation.schema", "id STRING NOT NULL, priority STRING NOT NULL, region STRING");
    options.put("dlq.topic", dlq);
    options.put("dlq.topic.SCHEMA_INVALID", invalidDlq);
    options.put("dlq.topic.RECORD_TOO_LARGE", oversizeDlq);

    StreamingQuery query =
        kafkaStream(source)
            .option("includeHeaders", "true")
            .load()
            .selectExpr("key", "value", "headers", "topic AS source_topic", "partition AS source_partition",
                "offset AS source_offset")
            .writeStream()
            .format("kafka-routed")
            .options(options)
            .option("checkpointLocation", tmp.resolve("cp").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    assertTrue(query.awaitTermination(120_000));
    assertTrue(query.exception().isEmpty(), "bad records never kill the query");

    assertEquals(List.of("good"), kafka.consumeAll(urgent).stream().map(r -> str(r.key())).toList());
    assertEquals(
        Map.of("bad-json", "SCHEMA_INVALID", "no-priority", "SCHEMA_INVALID"),
        reasonsByTrace(kafka.consumeAll(invalidDlq)),
        "SCHEMA_INVALID dead letters on dlq.topic.SCHEMA_INVALID, and only them");
    List<ConsumerRecord<byte[], byte[]>> oversize = kafka.consumeAll(oversizeDlq);
    assertEquals(Map.of("too-large", "RECORD_TOO_LARGE"), reasonsByTrace(oversize));
    assertEquals(urgent, header(oversize.get(0), DeadLetterHeaders.TARGET_TOPICS));
    assertEquals(
        Map.of("no-route", "NO_ROUTE", "missing-topic", "TOPIC_NOT_FOUND"),
        reasonsByTrace(kafka.consumeAll(dlq)),
        "every other reason on dlq.topic");
    Map<String, String> metrics = query.lastProgress().sink().metrics();
    assertEquals("5", metrics.get("deadLetters"));

    // The read format reads the three topics at once, each dead letter with the topic it sits in.
    Map<String, String> dlqTopicByKey = new TreeMap<>();
    for (Row r :
        spark.read().format("kafka-dead-letters").options(kafka.sparkKafkaOptions())
            .option("subscribe", String.join(",", dlq, invalidDlq, oversizeDlq)).load()
            .select("key", "dlq_topic").collectAsList()) {
      dlqTopicByKey.put(str((byte[]) r.get(0)), r.getString(1));
    }
    assertEquals(
        Map.of("bad-json", invalidDlq, "no-priority", invalidDlq, "too-large", oversizeDlq, "no-route", dlq,
            "missing-topic", dlq),
        dlqTopicByKey);

    // The cause is fixed (the regional topic exists; the replay has the default max.request.size):
    // one replay over every DLQ topic sends each dead letter with a target back to it.
    kafka.createTopic(regional, 1);
    // A replay runs later, usually in another job: forget this JVM's short memory (10 s) of the
    // regional topic being missing, as a fresh executor would.
    TopicDirectory.closeShared();
    ReplayResult result =
        DeadLetterReplay.fromTopics(List.of(dlq, invalidDlq, oversizeDlq), kafka.sparkKafkaOptions()).build().run(spark);
    // 5 selected; too-large and missing-topic sent; bad-json, no-priority and no-route have no target.
    assertEquals(new ReplayResult(5, 2, 0, 3, false), result);
    List<ConsumerRecord<byte[], byte[]>> urgentNow = kafka.consumeAll(urgent);
    assertEquals(List.of("good", "too-large"), urgentNow.stream().map(r -> str(r.key())).sorted().toList());
    ConsumerRecord<byte[], byte[]> replayedLarge =
        urgentNow.stream().filter(r -> "too-large".equals(str(r.key()))).findFirst().orElseThrow();
    assertArrayEquals(utf8(json("too-large", "high", null, ROUTE_MAX_REQUEST_SIZE + 100)), replayedLarge.value());
    assertEquals("1", header(replayedLarge, DeadLetterHeaders.RECORD_REPLAY_COUNT));
    List<ConsumerRecord<byte[], byte[]>> regionalNow = kafka.consumeAll(regional);
    assertEquals(List.of("missing-topic"), regionalNow.stream().map(r -> str(r.key())).toList());
    assertEquals("missing-topic", header(regionalNow.get(0), "trace"), "original headers kept");
  }
}
