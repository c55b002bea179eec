package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Without routes, kafka-routed streams what Spark's kafka sink streams: one Kafka input goes
 * through {@code format("kafka")} and {@code format("kafka-routed")}, one query after the other,
 * under a micro-batch trigger and under Real-Time Mode, and the two output topics must hold the
 * same records byte for byte: key, value, headers (order, duplicates and null values included),
 * partition and timestamp type. Neither sink writes the input's {@code timestamp} column: both let
 * the producer stamp the record when it is written (or the broker, on a LogAppendTime topic), so
 * the timestamps are checked to be write times, never the input's (an hour old).
 *
 * <p>Two tasks write concurrently (one per source partition), so records of different tasks
 * interleave in no fixed order: the order is compared per output partition and source partition,
 * and where the producer chose the partition (no key, no partition column) only the content.
 */
class StockSinkStreamingParityIntegrationTest extends RealKafkaSparkTest {

  /** Real-Time Mode holds one task slot per source partition: the session has as many. */
  private static final int PARTITIONS = 2;

  private static final int RECORDS = 40;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(PARTITIONS, "streaming-parity-it");
  }

  /** {@code select}: expressions over Spark's Kafka source columns separated by " ; "; 'TOPIC' is the output topic. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "microbatch | binary key, value, headers and the input timestamp, topic option | key ; value ; headers ; timestamp | option | CreateTime",
        "realtime | binary key, value, headers and the input timestamp, topic option | key ; value ; headers ; timestamp | option | CreateTime",
        "microbatch | string key and value, partition and topic columns | CAST(key AS STRING) AS key ; CAST(value AS STRING) AS value ; headers ; CAST(partition AS INT) AS partition ; 'TOPIC' AS topic | column | CreateTime",
        "realtime | string key and value, partition and topic columns | CAST(key AS STRING) AS key ; CAST(value AS STRING) AS value ; headers ; CAST(partition AS INT) AS partition ; 'TOPIC' AS topic | column | CreateTime",
        "microbatch | LogAppendTime output topics | key ; value ; headers | option | LogAppendTime",
        "realtime | LogAppendTime output topics | key ; value ; headers | option | LogAppendTime"
      })
  void streamsWhatTheStockSinkStreams(
      String trigger, String name, String select, String topicFrom, String timestampType) throws Exception {
    String source = kafka.createUniqueTopic("parity-src", PARTITIONS);
    String stockTopic = outputTopic("parity-stock", timestampType);
    String routedTopic = outputTopic("parity-routed", timestampType);
    long inputTimestamp = produceInput(source);

    long writeStart = System.currentTimeMillis();
    stream("kafka", trigger, source, select, stockTopic, topicFrom);
    stream("kafka-routed", trigger, source, select, routedTopic, topicFrom);

    List<ConsumerRecord<byte[], byte[]>> stock = kafka.consumeAll(stockTopic);
    List<ConsumerRecord<byte[], byte[]>> routed = kafka.consumeAll(routedTopic);
    assertEquals(RECORDS, stock.size());
    boolean partitionColumn = select.contains("AS partition");
    assertEquals(describe(stock, partitionColumn), describe(routed, partitionColumn), trigger + ": " + name);
    for (ConsumerRecord<byte[], byte[]> r : routed) {
      assertEquals(timestampType, r.timestampType().toString());
      assertTrue(r.timestamp() >= writeStart && r.timestamp() != inputTimestamp, "stamped when written: " + r);
    }
    for (ConsumerRecord<byte[], byte[]> r : stock) {
      assertTrue(r.timestamp() >= writeStart, "stamped when written: " + r);
    }
  }

  private static String outputTopic(String prefix, String timestampType) {
    String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopic(
        topic,
        PARTITIONS,
        timestampType.equals("LogAppendTime") ? Map.of("message.timestamp.type", "LogAppendTime") : Map.of());
    return topic;
  }

  /**
   * Record i goes to source partition i % 2 with key {@code k<i>} (null every 7th), value {@code
   * v<i>} (null every 5th: tombstones), headers h1 and h2 (h2 null; none every 3rd; h1 twice every
   * 4th) and a timestamp an hour old; returns the smallest timestamp.
   */
  private static long produceInput(String topic) {
    long base = System.currentTimeMillis() - 3_600_000L;
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      List<Header> headers = new ArrayList<>();
      if (i % 3 != 0) {
        headers.add(new RecordHeader("h1", utf8("x" + i)));
        headers.add(new RecordHeader("h2", null));
        if (i % 4 == 0) {
          headers.add(new RecordHeader("h1", utf8("again" + i)));
        }
      }
      records.add(
          new ProducerRecord<>(
              topic,
              i % PARTITIONS,
              base + i,
              i % 7 == 0 ? null : utf8("k" + i),
              i % 5 == 0 ? null : utf8("v" + i),
              headers));
    }
    kafka.produce(topic, records);
    return base;
  }

  /** Streams the whole input through {@code format} until all of it is in {@code topic}, then stops. */
  private void stream(String format, String trigger, String source, String select, String topic, String topicFrom)
      throws Exception {
    Dataset<Row> input =
        kafkaStream(source)
            .option("includeHeaders", "true")
            .option("kafka.fetch.max.wait.ms", "10")
            .load()
            .selectExpr(select.replace("'TOPIC'", "'" + topic + "'").split(" ; "));
    DataStreamWriter<Row> writer =
        input
            .writeStream()
            .format(format)
            .options(kafka.sparkKafkaOptions())
            .option("checkpointLocation", tmp.resolve(format + "-" + trigger).toString());
    if (topicFrom.equals("option")) {
      writer = writer.option("topic", topic);
    }
    if (trigger.equals("realtime")) {
      // Real-Time Mode admits kafka-routed (a DSv2 sink not on its allowlist) only with the check off.
      spark.conf().set("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
      writer = writer.outputMode("update").trigger(Trigger.RealTime(5000));
    } else {
      writer = writer.trigger(Trigger.ProcessingTime(200));
    }
    StreamingQuery query = writer.start();
    try {
      awaitRecords(query, topic, format + " " + trigger);
    } finally {
      query.stop();
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
  }

  private static void awaitRecords(StreamingQuery query, String topic, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (kafka.endOffsetSum(topic) < RECORDS) {
      assertTrue(query.isActive(), () -> what + ": the query stopped: " + query.exception());
      assertTrue(System.nanoTime() < deadline, what + ": only " + kafka.endOffsetSum(topic) + " records arrived");
      Thread.sleep(100);
    }
  }

  /**
   * Records as comparable strings (partition, key, value and headers in hex, timestamp type),
   * grouped by output partition and source partition (known from the key or value, {@code i % 2})
   * in the order read. Where the producer chose the partition (no key and no partition column,
   * shown as *) or the source is unknown (no key and no value, shown as ?), the group is sorted.
   */
  private static Map<String, List<String>> describe(
      List<ConsumerRecord<byte[], byte[]>> records, boolean partitionColumn) {
    Map<String, List<String>> groups = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      boolean anyPartition = r.key() == null && !partitionColumn;
      String partition = anyPartition ? "*" : Integer.toString(r.partition());
      StringBuilder sb = new StringBuilder(partition);
      sb.append('|').append(hex(r.key())).append('|').append(hex(r.value()));
      for (Header h : r.headers()) {
        sb.append('|').append(h.key()).append('=').append(hex(h.value()));
      }
      sb.append('|').append(r.timestampType());
      int index = index(r);
      String group = partition + "/" + (index < 0 ? "?" : "s" + index % PARTITIONS);
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(sb.toString());
    }
    groups.forEach((group, described) -> {
      if (group.startsWith("*") || group.endsWith("?")) {
        described.sort(null);
      }
    });
    return groups;
  }

  /** The input index i of a record, from its key k<i> or value v<i>; -1 with neither. */
  private static int index(ConsumerRecord<byte[], byte[]> r) {
    byte[] b = r.key() != null ? r.key() : r.value();
    return b == null ? -1 : Integer.parseInt(new String(b, 1, b.length - 1, StandardCharsets.UTF_8));
  }

  private static String hex(byte[] b) {
    return b == null ? "null" : HexFormat.of().formatHex(b);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
