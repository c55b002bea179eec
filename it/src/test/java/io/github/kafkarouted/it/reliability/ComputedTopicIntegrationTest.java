package io.github.kafkarouted.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import io.github.kafkarouted.it.kafka.LocalKafkaBroker;
import io.github.kafkarouted.it.spark.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
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
 * Topics computed per row, on brokers that create topics on first use (the broker default, and
 * where the worst cases hide): a topic the brokers refuse to create (its name collides with an
 * existing topic but for '.' and '_'), an internal topic and the DLQ topic itself must each become a
 * dead letter with its reason, never stall the task until {@code max.block.ms} nor fail the query,
 * and never put a plain record into the DLQ; a new topic is created and written as before. Under
 * micro-batch, Real-Time Mode (DSv2 sink) and Real-Time Mode (ForeachWriter). Dead letters keep the
 * input record's timestamp (Spark's Kafka source column {@code timestamp}).
 */
class ComputedTopicIntegrationTest extends RealKafkaSparkTest {

  private static final String ROUTED = "routed";

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    kafka = LocalKafkaBroker.builder().autoCreateTopics(true).start();
    spark = SparkSessions.local(2).appName("computed-topic-it").start();
  }

  /** One input record: its name (key and header {@code case}), its computed topic, where it must land. */
  private record Kind(String name, String topic, String expected) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"microbatch", "realtime", "realtime-foreach"})
  void topicsTheDataCannotOrMustNotReachBecomeDeadLetters(String trigger) throws Exception {
    String source = kafka.createUniqueTopic("computed-src", 2);
    String existing = kafka.createUniqueTopic("computed-ok", 1);
    String dlq = kafka.createUniqueTopic("computed-dlq", 1);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String underscored = "computed_coll_" + suffix;
    kafka.createTopic(underscored, 1);
    String created = "computed-new-" + suffix;
    List<Kind> kinds =
        List.of(
            new Kind("existing topic", existing, ROUTED),
            new Kind("new topic, created on first use", created, ROUTED),
            new Kind("collides with an existing topic but for '.'", "computed.coll." + suffix, "INVALID_RECORD"),
            new Kind("the DLQ topic", dlq, "TOPIC_NOT_ALLOWED"),
            new Kind("__consumer_offsets", "__consumer_offsets", "TOPIC_NOT_ALLOWED"),
            new Kind("__transaction_state", "__transaction_state", "TOPIC_NOT_ALLOWED"),
            new Kind("any name starting with __", "__computed_" + suffix, "TOPIC_NOT_ALLOWED"),
            new Kind("a name outside topic.allowed", "elsewhere-" + suffix, "TOPIC_NOT_ALLOWED"),
            new Kind("existing topic again", existing, ROUTED));

    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("route.1.topicExpr", "t");
    options.put("dlq.topic", dlq);
    options.put("topic.allowed", "computed[-.].*");
    Dataset<Row> input =
        kafkaStream(source)
            .option("includeHeaders", "true")
            .option("kafka.fetch.max.wait.ms", "10")
            .load()
            .selectExpr(
                "key", "value", "headers", "timestamp",
                "CAST(map_from_entries(headers)['t'] AS STRING) AS t");
    DataStreamWriter<Row> writer =
        input.writeStream().option("checkpointLocation", tmp.resolve("cp-" + trigger).toString());
    if (trigger.equals("realtime-foreach")) {
      writer = writer.foreach(KafkaRouted.foreachWriter(input, options)).outputMode("update").trigger(Trigger.RealTime(5000));
    } else if (trigger.equals("realtime")) {
      spark.conf().set("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
      writer = writer.format("kafka-routed").options(options).outputMode("update").trigger(Trigger.RealTime(5000));
    } else {
      writer = writer.format("kafka-routed").options(options).trigger(Trigger.ProcessingTime(200));
    }
    StreamingQuery query = writer.start();
    try {
      Map<String, Long> inputTimestamps = produce(source, kinds);
      long routedCount = kinds.stream().filter(k -> k.expected().equals(ROUTED)).count();
      awaitRecords(query, List.of(existing, dlq), kinds.size() - 1, trigger); // one is on the new topic
      List<ConsumerRecord<byte[], byte[]>> onNewTopic = kafka.consumeAtLeast(created, 1, Duration.ofSeconds(60));

      Map<String, String> landed = new LinkedHashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : kafka.consumeAll(existing)) {
        landed.merge(header(r, "case"), ROUTED, (a, b) -> a + "+" + b);
      }
      onNewTopic.forEach(r -> landed.merge(header(r, "case"), ROUTED, (a, b) -> a + "+" + b));
      List<ConsumerRecord<byte[], byte[]>> dead = kafka.consumeAll(dlq);
      for (ConsumerRecord<byte[], byte[]> r : dead) {
        String kind = header(r, "case");
        landed.merge(kind, header(r, DeadLetterHeaders.REASON), (a, b) -> a + "+" + b);
        assertNotNull(header(r, DeadLetterHeaders.REASON), "the DLQ holds dead letters only: " + kind);
        assertEquals(inputTimestamps.get(kind), r.timestamp(), kind + ": the dead letter keeps the input's timestamp");
      }
      for (Kind kind : kinds) {
        assertEquals(kind.expected(), landed.get(kind.name()), trigger + ": where '" + kind.name() + "' landed: " + landed);
      }
      assertEquals(kinds.size() - routedCount, dead.size(), "one dead letter per refused record");
      String collision = dead.stream()
          .filter(r -> "INVALID_RECORD".equals(header(r, DeadLetterHeaders.REASON)))
          .map(r -> header(r, DeadLetterHeaders.ERROR_MESSAGE)).findFirst().orElseThrow();
      assertTrue(collision.contains("collides") && collision.contains("route.1.topicExpr"), collision);
      assertTrue(query.isActive() && query.exception().isEmpty(), "no bad record stops the query");
    } finally {
      query.stop();
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
  }

  /** Produces one record per kind, one at a time so they keep their order; returns their timestamps. */
  private static Map<String, Long> produce(String topic, List<Kind> kinds) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    long timestamp = System.currentTimeMillis() - 3_600_000L; // an hour ago: a dead letter stamped now would differ
    Map<String, Long> timestamps = new HashMap<>();
    for (Kind kind : kinds) {
      List<Header> headers = List.of(new RecordHeader("case", utf8(kind.name())), new RecordHeader("t", utf8(kind.topic())));
      timestamps.put(kind.name(), ++timestamp);
      records.add(new ProducerRecord<>(topic, 0, timestamp, utf8(kind.name()), utf8("{}"), headers));
    }
    kafka.produce(topic, records);
    return timestamps;
  }

  private static void awaitRecords(StreamingQuery query, List<String> topics, long n, String trigger)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      long total = topics.stream().mapToLong(kafka::endOffsetSum).sum();
      if (total >= n) {
        return;
      }
      assertTrue(query.isActive(), () -> trigger + ": the query stopped: " + query.exception());
      assertTrue(System.nanoTime() < deadline, trigger + ": only " + total + " of " + n + " records arrived");
      Thread.sleep(200);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
