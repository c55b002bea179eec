package io.github.kafkarouted.it.dlq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code format("kafka-dead-letters")} turns the dead letters of a real DLQ topic, written by the
 * real sink in two header styles (and the JSON envelope), into typed columns, batch and streaming.
 */
class DeadLetterReadFormatIntegrationTest extends RealKafkaSparkTest {

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "dead-letter-read-format-it");
  }

  /** Writes one NO_ROUTE dead letter per style into {@code dlq}, plus one record that is not a dead letter. */
  private void writeDeadLetters(String dlq, String unused) {
    String[][] styles = {{"native", "headers"}, {"spring", "headers"}, {"connect", "json"}};
    for (int i = 0; i < styles.length; i++) {
      spark
          .sql(
              "SELECT 'key-" + styles[i][0] + "' AS key, 'value-" + styles[i][0] + "' AS value,"
                  + " array(named_struct('key', 'trace', 'value', CAST('t" + i + "' AS BINARY))) AS headers,"
                  + " 'low' AS priority, 'orders' AS source_topic, CAST(" + i + " AS INT) AS source_partition,"
                  + " CAST(" + (100 + i) + " AS BIGINT) AS source_offset")
          .write()
          .format("kafka-routed")
          .options(kafka.sparkKafkaOptions())
          .option("route.1.topic", unused)
          .option("route.1.when", "priority = 'high'")
          .option("dlq.topic", dlq)
          .option("dlq.headers", styles[i][0])
          .option("dlq.format", styles[i][1])
          .save();
    }
    kafka.produce(
        dlq,
        List.of(new ProducerRecord<>(dlq, 0, "stray".getBytes(StandardCharsets.UTF_8), "not a dead letter".getBytes(StandardCharsets.UTF_8))));
  }

  private Map<String, Row> byKey(List<Row> rows) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : rows) {
      out.put(new String((byte[]) r.getAs("key"), StandardCharsets.UTF_8), r);
    }
    return out;
  }

  private void assertTyped(Map<String, Row> rows, String dlq) {
    assertEquals(List.of("key-connect", "key-native", "key-spring", "stray"), List.copyOf(rows.keySet()));
    String[] styles = {"native", "spring", "connect"};
    for (int i = 0; i < styles.length; i++) {
      Row r = rows.get("key-" + styles[i]);
      assertArrayEquals(("value-" + styles[i]).getBytes(StandardCharsets.UTF_8), (byte[]) r.getAs("value"), styles[i]);
      List<Row> headers = r.getList(r.fieldIndex("headers"));
      assertEquals(1, headers.size(), styles[i] + ": only the original header is left");
      assertEquals("trace", headers.get(0).getString(0));
      assertEquals("NO_ROUTE", r.<String>getAs("reason"), styles[i]);
      assertTrue(((String) r.getAs("error_message")).contains("no route"), styles[i]);
      assertEquals(List.of(), r.getList(r.fieldIndex("target_topics")));
      assertEquals("orders", r.<String>getAs("source_topic"), styles[i]);
      assertEquals(i, (int) r.getAs("source_partition"), styles[i]);
      assertEquals(100L + i, (long) r.getAs("source_offset"), styles[i]);
      assertEquals("batch", r.<String>getAs("query_id"));
      assertEquals(0L, (long) r.getAs("batch_id"));
      Timestamp at = r.getAs("dead_lettered_at");
      assertTrue(Math.abs(System.currentTimeMillis() - at.getTime()) < 600_000, styles[i] + ": " + at);
      assertEquals(0, (int) r.getAs("replay_count"));
      assertEquals(Boolean.FALSE, r.<Boolean>getAs("value_truncated"));
      assertEquals(dlq, r.<String>getAs("dlq_topic"));
      assertNull((Object) r.getAs("decode_error"));
    }
    Row stray = rows.get("stray");
    assertNull((Object) stray.getAs("reason"));
    assertTrue(((String) stray.getAs("decode_error")).contains("not a kafka-routed dead letter"));
  }

  @Test
  void batchAndStreamingReadsGiveTypedColumnsForEveryStyle() throws Exception {
    String dlq = kafka.createUniqueTopic("dlq-read", 1);
    String unused = kafka.createUniqueTopic("unused", 1);
    writeDeadLetters(dlq, unused);

    Dataset<Row> batch =
        spark.read().format("kafka-dead-letters").options(kafka.sparkKafkaOptions()).option("subscribe", dlq).load();
    assertTyped(byKey(batch.collectAsList()), dlq);
    // Plain SQL over dead letters.
    batch.createOrReplaceTempView("dead_letters");
    assertEquals(3L, spark.sql("SELECT count(*) FROM dead_letters WHERE reason = 'NO_ROUTE'").first().getLong(0));

    StreamingQuery query =
        spark
            .readStream()
            .format("kafka-dead-letters")
            .options(kafka.sparkKafkaOptions())
            .option("subscribe", dlq)
            .option("startingOffsets", "earliest")
            .load()
            .writeStream()
            .format("memory")
            .queryName("streamed_dead_letters")
            .option("checkpointLocation", tmp.resolve("cp").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    assertTrue(query.awaitTermination(120_000));
    assertTrue(query.exception().isEmpty());
    assertTyped(byKey(spark.table("streamed_dead_letters").collectAsList()), dlq);
    assertTrue(query.lastProgress().sources()[0].description().contains("KafkaV2"));
  }
}
