package io.github.kafkarouted.it.dlq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.delta.DeadLetterStaging;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlq.delta.path}: a micro-batch query's dead letters land in a real Delta table once each,
 * even when a batch is replayed after a crash between the Delta commit and Spark's commit log,
 * and with a crashed task attempt's staging file left behind.
 */
class DeltaDeadLetterSinkIntegrationTest extends RealKafkaSparkTest {

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "delta-dead-letter-sink-it", true);
  }

  /**
   * Adds one input file of events {@code from..to-1}. Every third event is urgent and routed; the
   * others match no route and become NO_ROUTE dead letters. (A file source rather than Kafka:
   * Spark 4.1.1's Kafka source fails a restarted query that re-runs its uncommitted batch, in
   * {@code KafkaMicroBatchStream.metrics}.)
   */
  private void addInput(Path dir, int from, int to) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = from; i < to; i++) {
      lines.append("{\"id\":").append(i).append(",\"priority\":\"").append(i % 3 == 0 ? "high" : "low").append("\"}\n");
    }
    Files.createDirectories(dir);
    Path partial = dir.resolve("." + from + ".tmp");
    Files.writeString(partial, lines);
    Files.move(partial, dir.resolve("events-" + from + ".json"));
  }

  private StreamingQuery run(Path input, String urgent, String table, Path checkpoint) throws Exception {
    StreamingQuery query =
        spark
            .readStream()
            .schema("id INT, priority STRING")
            .option("maxFilesPerTrigger", "1")
            .json(input.toString())
            .selectExpr(
                "CAST(id AS STRING) AS key",
                "to_json(struct(id, priority)) AS value",
                "array(named_struct('key', 'trace', 'value', CAST(concat('t', id) AS BINARY))) AS headers",
                "priority",
                "'orders' AS source_topic", "0 AS source_partition", "CAST(id AS BIGINT) AS source_offset")
            .writeStream()
            .format("kafka-routed")
            .options(kafka.sparkKafkaOptions())
            .option("route.1.topic", urgent)
            .option("route.1.when", "priority = 'high'")
            .option("dlq.delta.path", table)
            .option("checkpointLocation", checkpoint.toString())
            .trigger(Trigger.AvailableNow())
            .start();
    assertTrue(query.awaitTermination(120_000));
    assertTrue(query.exception().isEmpty(), () -> query.exception().get().toString());
    return query;
  }

  /** source_offset -> number of rows with it. */
  private Map<Long, Integer> offsetsInTable(String table) {
    Map<Long, Integer> counts = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(table).select("source_offset").collectAsList()) {
      counts.merge(r.getLong(0), 1, Integer::sum);
    }
    return counts;
  }

  private static Map<Long, Integer> eachOnce(int from, int to) {
    Map<Long, Integer> expected = new TreeMap<>();
    for (int i = from; i < to; i++) {
      if (i % 3 != 0) {
        expected.put((long) i, 1);
      }
    }
    return expected;
  }

  @Test
  void aReplayedBatchLeavesEachDeadLetterOnceInDelta() throws Exception {
    Path source = tmp.resolve("input");
    String urgent = kafka.createUniqueTopic("urgent", 1);
    String table = tmp.resolve("dead_letters").toString();
    Path checkpoint = tmp.resolve("cp");
    addInput(source, 0, 9);

    StreamingQuery first = run(source, urgent, table, checkpoint);
    String queryId = first.id().toString();
    assertEquals(eachOnce(0, 9), offsetsInTable(table));
    Row row =
        spark.read().format("delta").load(table).where("source_offset = 1").collectAsList().get(0);
    assertArrayEquals("1".getBytes(StandardCharsets.UTF_8), (byte[]) row.getAs("key"));
    assertEquals("{\"id\":1,\"priority\":\"low\"}", new String((byte[]) row.getAs("value"), StandardCharsets.UTF_8));
    assertEquals("trace", ((Row) row.getList(row.fieldIndex("headers")).get(0)).getString(0));
    assertEquals("NO_ROUTE", row.<String>getAs("reason"));
    assertEquals("orders", row.<String>getAs("source_topic"));
    assertEquals(queryId, row.<String>getAs("query_id"));
    assertEquals(0L, row.<Long>getAs("batch_id").longValue());
    assertEquals(
        spark.sql("SELECT CAST(current_timestamp() AS DATE)").first().get(0), row.getAs("date"));
    Path stagingRoot = Path.of(table, DeadLetterStaging.DIRECTORY, queryId);
    assertFalse(Files.exists(stagingRoot.resolve("0")), "staging removed after the append");

    // A crash after the Delta commit and before Spark's commit log: the commit log entry of batch 0
    // is missing, so the restarted query replays batch 0 with the same id. A crashed task attempt
    // also left a staging file that no commit message names.
    Files.delete(checkpoint.resolve("commits").resolve("0"));
    Files.deleteIfExists(checkpoint.resolve("commits").resolve(".0.crc"));
    Path leftover = stagingRoot.resolve("0").resolve("part-0-999-crashed.jsonl");
    Files.createDirectories(leftover.getParent());
    Files.writeString(leftover, "{\"reason\":\"NO_ROUTE\",\"error_class\":\"x\",\"query_id\":\"q\",\"batch_id\":0,"
        + "\"dead_lettered_at\":0,\"replay_count\":0,\"source_offset\":999}\n");

    StreamingQuery replayed = run(source, urgent, table, checkpoint);
    assertEquals(first.id(), replayed.id());
    assertEquals(6, kafka.consumeAll(urgent).size(), "batch 0 really ran twice (routed records are at-least-once)");
    assertEquals(0L, replayed.lastProgress().batchId(), "the restart re-ran batch 0 and nothing else");
    assertEquals(eachOnce(0, 9), offsetsInTable(table), "no dead letter twice, the leftover never appended");
    assertFalse(Files.exists(stagingRoot.resolve("0")), "the replay removed the leftover too");

    // Later batches still append (their txnVersion is higher).
    addInput(source, 9, 15);
    run(source, urgent, table, checkpoint);
    assertEquals(eachOnce(0, 15), offsetsInTable(table));
  }

  @Test
  void batchWritesAppendTheirDeadLettersToo() {
    String urgent = kafka.createUniqueTopic("urgent-batch", 1);
    String table = tmp.resolve("batch_dead_letters").toString();
    Dataset<Row> rows =
        spark.sql("SELECT CAST(id AS STRING) AS key, CAST(id AS STRING) AS value,"
            + " IF(id % 2 = 0, 'high', 'low') AS priority FROM range(10)");
    writeHighToUrgent(rows, urgent, table);
    List<Row> dead = spark.read().format("delta").load(table).orderBy("value").collectAsList();
    assertEquals(5, dead.size());
    assertEquals("1", new String((byte[]) dead.get(0).getAs("value"), StandardCharsets.UTF_8));
    assertEquals(5, kafka.consumeAll(urgent).size());
  }

  /** The Delta table's {@code timestamp} is the input record's (Spark's Kafka source column), not null. */
  @Test
  void deadLettersKeepTheKafkaRecordsTimestamp() {
    String source = kafka.createUniqueTopic("delta-ts-src", 1);
    String urgent = kafka.createUniqueTopic("delta-ts-urgent", 1);
    String table = tmp.resolve("timestamped_dead_letters").toString();
    long base = System.currentTimeMillis() - 3_600_000L;
    List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(source, 0, base + i,
          Integer.toString(i).getBytes(StandardCharsets.UTF_8), (i % 2 == 0 ? "high" : "low").getBytes(StandardCharsets.UTF_8)));
    }
    kafka.produce(source, records);
    writeHighToUrgent(
        spark.read().format("kafka").options(kafka.sparkKafkaOptions()).option("subscribe", source).load()
            .selectExpr("key", "value", "timestamp", "CAST(value AS STRING) AS priority"),
        urgent, table);
    List<Row> dead = spark.read().format("delta").load(table).orderBy("key").collectAsList();
    assertEquals(2, dead.size());
    assertEquals(new java.sql.Timestamp(base + 1), dead.get(0).getAs("timestamp"));
    assertEquals(new java.sql.Timestamp(base + 3), dead.get(1).getAs("timestamp"));
  }

  /** A batch write: rows with priority 'high' to {@code urgent}, the others dead letters in {@code table}. */
  private static void writeHighToUrgent(Dataset<Row> rows, String urgent, String table) {
    rows.write()
        .format("kafka-routed")
        .options(kafka.sparkKafkaOptions())
        .option("route.1.topic", urgent)
        .option("route.1.when", "priority = 'high'")
        .option("dlq.delta.path", table)
        .save();
  }
}
