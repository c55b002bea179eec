package io.github.kafkarouted.it.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.dlq.delta.DeadLetters;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka to Delta bronze ingestion (the README's example): records land with minimal
 * transformation, their source coordinates and an ingestion time; schema-invalid records go to the
 * Delta dead-letter table instead, each record in exactly one of the two.
 */
class BronzeIngestionIntegrationTest extends RealKafkaSparkTest {

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "bronze-ingestion-it", true);
  }

  @Test
  void validRecordsToBronzeInvalidOnesToTheDeadLetterTable() throws Exception {
    String source = kafka.createUniqueTopic("events", 1);
    String bronze = tmp.resolve("bronze_events").toString();
    String deadLetters = tmp.resolve("dead_letters").toString();
    kafka.produceStrings(
        source,
        List.of(
            "{\"id\":1,\"type\":\"click\",\"ts\":\"2026-11-24T00:00:00Z\"}",
            "{\"id\":2,\"type\":\"view\"}",
            "{\"id\":\"three\",\"type\":\"click\"}", // wrong type
            "{\"id\":4,\"type\":\"click\",\"extra\":true}",
            "{\"type\":\"click\"}", // missing NOT NULL id
            "{\"id\":6,\"type\":\"purchase\"", // malformed
            "{\"id\":7,\"type\":\"view\"}"));

    // --- the README example ---
    KafkaRouted.registerValidator(spark, "events_schema_error", "id BIGINT NOT NULL, type STRING NOT NULL, ts TIMESTAMP", true);
    VoidFunction2<Dataset<Row>, Long> toBronze =
        (batch, batchId) -> {
          Dataset<Row> checked = batch.withColumn("schema_error", org.apache.spark.sql.functions.expr("events_schema_error(value)")).persist();
          checked.where("schema_error IS NULL")
              .selectExpr("key", "value", "headers", "topic AS source_topic", "partition AS source_partition",
                  "offset AS source_offset", "timestamp AS kafka_timestamp", "current_timestamp() AS ingested_at")
              .write().format("delta").mode("append")
              .option("txnAppId", "bronze-events").option("txnVersion", batchId)
              .save(bronze);
          DeadLetters.appendToDelta(
              checked.sparkSession(),
              DeadLetters.fromKafkaRows(checked.where("schema_error IS NOT NULL"), DeadLetterReason.SCHEMA_INVALID,
                  "schema_error", "bronze-events", batchId),
              deadLetters, "bronze-events", batchId);
          checked.unpersist();
        };
    StreamingQuery query =
        spark.readStream().format("kafka")
            .options(kafka.sparkKafkaOptions())
            .option("subscribe", source)
            .option("startingOffsets", "earliest")
            .option("includeHeaders", "true")
            .load()
            .writeStream()
            .foreachBatch(toBronze)
            .option("checkpointLocation", tmp.resolve("cp").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    // ---
    assertTrue(query.awaitTermination(120_000));
    assertTrue(query.exception().isEmpty());

    List<Row> landed = spark.read().format("delta").load(bronze).orderBy("source_offset").collectAsList();
    assertEquals(List.of(0L, 1L, 3L, 6L), landed.stream().map(r -> r.<Long>getAs("source_offset")).toList());
    Row first = landed.get(0);
    assertEquals(source, first.<String>getAs("source_topic"));
    assertEquals("{\"id\":1,\"type\":\"click\",\"ts\":\"2026-11-24T00:00:00Z\"}", new String((byte[]) first.getAs("value")));
    assertTrue(first.getAs("ingested_at") != null && first.getAs("kafka_timestamp") != null);

    Map<Long, String> invalid = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(deadLetters).collectAsList()) {
      assertEquals("SCHEMA_INVALID", r.<String>getAs("reason"));
      assertEquals(source, r.<String>getAs("source_topic"));
      invalid.put(r.<Long>getAs("source_offset"), r.<String>getAs("error_message"));
    }
    assertEquals(List.of(2L, 4L, 5L), List.copyOf(invalid.keySet()), "each record in exactly one table");
    assertTrue(invalid.get(2L).contains("'id'"), invalid.get(2L));
    assertTrue(invalid.get(4L).contains("'id'"), invalid.get(4L));
    assertTrue(invalid.get(5L).contains("malformed"), invalid.get(5L));
  }
}
