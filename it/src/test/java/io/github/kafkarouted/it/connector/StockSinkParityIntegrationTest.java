package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Without routes, kafka-routed writes what Spark's kafka sink writes: the same inputs go through
 * {@code format("kafka")} and {@code format("kafka-routed")} and the two output topics must hold
 * the same records (key, value, headers, partition) in the same per-partition order.
 */
class StockSinkParityIntegrationTest extends RealKafkaSparkTest {


  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "parity-it");
  }

  /**
   * Each case is a SELECT over {@code range(0, 40)} (column {@code id}); {@code TOPIC} in it is
   * replaced by the output topic, for cases that write through the topic column. Expressions
   * are separated by {@code " ; "}.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "string value, topic option | CAST(id AS STRING) AS value | option",
        "binary value and key | CAST(CAST(id AS STRING) AS BINARY) AS value ; CAST(concat('k', id) AS BINARY) AS key | option",
        "string key, null keys | CAST(id AS STRING) AS value ; CASE WHEN id % 3 = 0 THEN NULL ELSE concat('k', id) END AS key | option",
        "null values (tombstones) | CASE WHEN id % 5 = 0 THEN NULL ELSE CAST(id AS STRING) END AS value ; concat('k', id) AS key | option",
        "explicit partition | CAST(id AS STRING) AS value ; CAST(id % 3 AS INT) AS partition | option",
        "null partition | CAST(id AS STRING) AS value ; CASE WHEN id % 2 = 0 THEN NULL ELSE CAST(1 AS INT) END AS partition ; concat('k', id) AS key | option",
        "headers | CAST(id AS STRING) AS value ; array(named_struct('key', 'h1', 'value', CAST(concat('v', id) AS BINARY)), named_struct('key', 'h2', 'value', CAST(NULL AS BINARY))) AS headers | option",
        "topic column | CAST(id AS STRING) AS value ; 'TOPIC' AS topic | column",
        "topic option overrides column | CAST(id AS STRING) AS value ; 'ignored-topic' AS topic | option"
      })
  void writesWhatTheStockSinkWrites(String name, String select, String topicFrom) {
    // Without a key or a partition the producer picks partitions at random: use one partition.
    int partitions = select.contains("AS key") || select.contains("AS partition") ? 3 : 1;
    String stockTopic = kafka.createUniqueTopic("stock", partitions);
    String routedTopic = kafka.createUniqueTopic("routed", partitions);

    write("kafka", select, stockTopic, topicFrom);
    write("kafka-routed", select, routedTopic, topicFrom);

    List<ConsumerRecord<byte[], byte[]>> stock = kafka.consumeAll(stockTopic);
    List<ConsumerRecord<byte[], byte[]>> routed = kafka.consumeAll(routedTopic);
    assertEquals(40, stock.size());
    boolean partitionColumn = select.contains("AS partition");
    assertEquals(describe(stock, partitionColumn), describe(routed, partitionColumn));
  }

  private void write(String format, String select, String topic, String topicFrom) {
    Dataset<Row> df =
        spark
            .range(0, 40)
            .coalesce(1)
            .selectExpr(select.replace("'TOPIC'", "'" + topic + "'").split(" ; "));
    var writer = df.write().format(format).options(kafka.sparkKafkaOptions());
    if (topicFrom.equals("option")) {
      writer = writer.option("topic", topic);
    }
    writer.save();
  }

  /**
   * Records as comparable strings, with keys, values and headers in hex. The producer puts a record
   * without key or partition on a partition of its choosing, so for those only the content is
   * compared (partition shown as *, and the list sorted).
   */
  private static List<String> describe(
      List<ConsumerRecord<byte[], byte[]>> records, boolean partitionColumn) {
    List<String> out = new ArrayList<>();
    boolean unordered = false;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      StringBuilder sb = new StringBuilder();
      boolean anyPartition = r.key() == null && !partitionColumn;
      unordered |= anyPartition;
      sb.append(anyPartition ? "*" : Integer.toString(r.partition())).append('|').append(hex(r.key())).append('|').append(hex(r.value()));
      for (Header h : (Iterable<Header>) () -> r.headers().iterator()) {
        sb.append('|').append(h.key()).append('=').append(hex(h.value()));
      }
      out.add(sb.toString());
    }
    if (unordered) {
      out.sort(null);
    }
    return out;
  }

  private static String hex(byte[] b) {
    return b == null ? "null" : java.util.HexFormat.of().formatHex(b);
  }

}
