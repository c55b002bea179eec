package io.github.kafkarouted.it.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.dlq.delta.DeadLetters;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Real-Time Mode route to Delta: the RTM pipeline writes dead letters to a DLQ topic and the
 * companion micro-batch query {@link DeadLetters#toDelta} lands them in a Delta table, while both
 * run. {@code dlq.delta.path} itself is refused under RTM, naming the option and the companion.
 */
class RealTimeDeadLettersToDeltaIntegrationTest extends RealKafkaSparkTest {

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    // One slot for the RTM query's single source partition, the others for the companion.
    startKafkaAndSpark(3, "rtm-dead-letters-to-delta-it", true);
  }

  private Dataset<Row> events(String source) {
    return kafkaStream(source)
        .load()
        .selectExpr(
            "key", "value",
            "get_json_object(CAST(value AS STRING), '$.priority') AS priority",
            "topic AS source_topic", "partition AS source_partition", "offset AS source_offset");
  }

  private static List<String> input(int n) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add("{\"id\":" + i + ",\"priority\":\"" + (i % 4 == 0 ? "high" : "low") + "\"}");
    }
    return values;
  }

  @Test
  void deadLettersReachDeltaThroughTheCompanionQuery() throws Exception {
    String source = kafka.createUniqueTopic("rtm-src", 1);
    String urgent = kafka.createUniqueTopic("urgent", 1);
    String dlq = kafka.createUniqueTopic("rtm-dlq", 1);
    String table = tmp.resolve("dead_letters").toString();
    kafka.produceStrings(source, input(40));

    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("route.1.topic", urgent);
    options.put("route.1.when", "priority = 'high'");
    options.put("dlq.topic", dlq);
    Dataset<Row> events = events(source);
    StreamingQuery pipeline =
        events.writeStream()
            .foreach(KafkaRouted.foreachWriter(events, options))
            .outputMode("update")
            .trigger(Trigger.RealTime(5000))
            .option("checkpointLocation", tmp.resolve("cp-rtm").toString())
            .start();

    Map<String, String> companion = new HashMap<>(kafka.sparkKafkaOptions());
    companion.put("subscribe", dlq);
    companion.put(DeadLetters.DELTA_PATH, table);
    companion.put(DeadLetters.CHECKPOINT_LOCATION, tmp.resolve("cp-companion").toString());
    companion.put(DeadLetters.TRIGGER, "2 seconds");
    StreamingQuery toDelta = DeadLetters.toDelta(spark, companion);
    try {
      long deadline = System.nanoTime() + 120_000_000_000L;
      long rows = 0;
      while (System.nanoTime() < deadline && (rows = spark.read().format("delta").load(table).count()) < 30) {
        assertTrue(toDelta.exception().isEmpty() && pipeline.exception().isEmpty());
        Thread.sleep(500);
      }
      assertEquals(30, rows, "every NO_ROUTE dead letter is in the table");
    } finally {
      pipeline.stop();
      toDelta.stop();
    }
    List<Row> dead = spark.read().format("delta").load(table).orderBy("source_offset").collectAsList();
    assertEquals(30, dead.size());
    assertEquals(1L, dead.get(0).<Long>getAs("source_offset").longValue());
    assertEquals("NO_ROUTE", dead.get(0).<String>getAs("reason"));
    assertEquals(dlq, dead.get(0).<String>getAs("dlq_topic"));
    assertEquals(pipeline.id().toString(), dead.get(0).<String>getAs("query_id"));
    assertEquals(
        spark.read().format("delta").load(table).select("source_offset").distinct().count(), 30L, "each once");
    assertEquals(10, kafka.consumeAll(urgent).size());
  }

  @Test
  void dlqDeltaPathIsRefusedUnderRealTimeModeNamingTheOptionAndTheCompanion() throws Exception {
    String source = kafka.createUniqueTopic("rtm-refused", 1);
    kafka.produceStrings(source, input(4));
    String table = tmp.resolve("refused").toString();
    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("topic", kafka.createUniqueTopic("out", 1));
    options.put("dlq.delta.path", table);
    Dataset<Row> events = events(source);

    IllegalArgumentException foreach =
        assertThrows(IllegalArgumentException.class, () -> KafkaRouted.foreachWriter(events, options));
    assertTrue(foreach.getMessage().contains("dlq.delta.path") && foreach.getMessage().contains("DeadLetters.toDelta"));

    spark.conf().set("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
    try {
      StreamingQuery query =
          events.writeStream()
              .format("kafka-routed")
              .options(options)
              .outputMode("update")
              .trigger(Trigger.RealTime(5000))
              .option("checkpointLocation", tmp.resolve("cp-refused").toString())
              .start();
      StreamingQueryException failure =
          assertThrows(StreamingQueryException.class, () -> query.awaitTermination(60_000));
      assertTrue(failure.getMessage().contains("dlq.delta.path"), failure.getMessage());
      assertTrue(failure.getMessage().contains("Real-Time Mode"), failure.getMessage());
      assertTrue(failure.getMessage().contains("DeadLetters.toDelta"), failure.getMessage());
    } finally {
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
  }
}
