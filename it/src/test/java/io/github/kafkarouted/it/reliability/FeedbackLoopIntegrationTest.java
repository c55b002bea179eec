package io.github.kafkarouted.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A query whose {@code dlq.topic} is one of its own source topics would read every dead letter
 * again and write it back without end (a hostile run grew the source from 3 to 22 records in 15
 * s). The sink refuses it before writing anything: the DSv2 sink when the first batch is planned
 * (Spark tells a sink its plan no earlier), the ForeachWriter when it is created. Each input record
 * here matches no route, so without the refusal each becomes a dead letter in the source topic.
 */
class FeedbackLoopIntegrationTest extends RealKafkaSparkTest {

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "feedback-loop-it");
  }

  private Map<String, String> options(String dlq) {
    Map<String, String> m = new HashMap<>(kafka.sparkKafkaOptions());
    m.put("route.1.topic", kafka.createUniqueTopic("loop-never", 1));
    m.put("route.1.when", "false");
    m.put("dlq.topic", dlq);
    return m;
  }

  private Dataset<Row> readingWith(String option, String value) {
    return spark
        .readStream()
        .format("kafka")
        .options(kafka.sparkKafkaOptions())
        .option(option, value)
        .option("startingOffsets", "earliest")
        .load()
        .selectExpr("key", "value");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"subscribe", "subscribePattern", "assign", "realtime"})
  void theSinkRefusesADlqTopicItsQueryReads(String how) throws Exception {
    String topic = kafka.createUniqueTopic("loop", 1);
    kafka.produceStrings(topic, List.of("a", "b", "c"));
    String sourceValue =
        switch (how) {
          case "subscribePattern" -> topic.substring(0, topic.length() - 3) + ".*";
          case "assign" -> "{\"" + topic + "\":[0]}";
          default -> topic;
        };
    Dataset<Row> input = readingWith(how.equals("realtime") ? "subscribe" : how, sourceValue);
    DataStreamWriter<Row> writer =
        input.writeStream().format("kafka-routed").options(options(topic)).option("checkpointLocation", tmp.resolve("cp").toString());
    if (how.equals("realtime")) {
      spark.conf().set("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
      writer = writer.outputMode("update").trigger(Trigger.RealTime(5000));
    }
    StreamingQuery query = writer.start();
    try {
      StreamingQueryException e =
          assertThrows(StreamingQueryException.class, () -> query.awaitTermination(TimeUnit.SECONDS.toMillis(60)));
      String message = messages(e);
      assertTrue(message.contains("dlq.topic") && message.contains(topic) && message.contains("feedback loop"), message);
      assertEquals(3, kafka.endOffsetSum(topic), "nothing was written back to the source");
    } finally {
      query.stop();
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
  }

  @Test
  void theForeachWriterRefusesItWhenCreated() {
    String topic = kafka.createUniqueTopic("loop-foreach", 1);
    Dataset<Row> input = readingWith("subscribe", topic);
    String message =
        assertThrows(IllegalArgumentException.class, () -> KafkaRouted.foreachWriter(input, options(topic))).getMessage();
    assertTrue(message.contains("dlq.topic") && message.contains("feedback loop"), message);
  }

  @Test
  void aPerReasonDlqTopicTheQueryReadsIsAFeedbackLoopToo() throws Exception {
    String topic = kafka.createUniqueTopic("loop-reason", 1);
    kafka.produceStrings(topic, List.of("a", "b", "c"));
    Map<String, String> options = options(kafka.createUniqueTopic("loop-default-dlq", 1));
    options.put("dlq.topic.RECORD_TOO_LARGE", topic);
    String foreach =
        assertThrows(IllegalArgumentException.class, () -> KafkaRouted.foreachWriter(readingWith("subscribe", topic), options))
            .getMessage();
    assertTrue(foreach.contains("dlq.topic.RECORD_TOO_LARGE") && foreach.contains("feedback loop"), foreach);

    StreamingQuery query =
        readingWith("subscribe", topic).writeStream().format("kafka-routed").options(options)
            .option("checkpointLocation", tmp.resolve("cp-reason").toString()).start();
    try {
      StreamingQueryException e =
          assertThrows(StreamingQueryException.class, () -> query.awaitTermination(TimeUnit.SECONDS.toMillis(60)));
      String message = messages(e);
      assertTrue(
          message.contains("dlq.topic.RECORD_TOO_LARGE") && message.contains(topic) && message.contains("feedback loop"),
          message);
      assertEquals(3, kafka.endOffsetSum(topic), "nothing was written back to the source");
    } finally {
      query.stop();
    }
  }

  @Test
  void anotherDlqTopicRunsAsBefore() throws Exception {
    String topic = kafka.createUniqueTopic("loop-other", 1);
    String dlq = kafka.createUniqueTopic("loop-other-dlq", 1);
    kafka.produceStrings(topic, List.of("a", "b", "c"));
    StreamingQuery query =
        readingWith("subscribe", topic)
            .writeStream()
            .format("kafka-routed")
            .options(options(dlq))
            .option("checkpointLocation", tmp.resolve("cp-other").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    query.awaitTermination(TimeUnit.SECONDS.toMillis(60));
    assertTrue(query.exception().isEmpty(), () -> "failed: " + query.exception());
    assertEquals(3, kafka.endOffsetSum(dlq), "three NO_ROUTE dead letters");
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
