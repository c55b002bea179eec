package io.github.kafkarouted.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spark's own {@code kafka} source and sink against the real broker, under the default
 * micro-batch trigger and under Real-Time Mode: the baseline that kafka-routed must match. Every
 * record must arrive exactly once with its key, value and headers.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StockKafkaSmokeIntegrationTest extends RealKafkaSparkTest {
  private static final int PARTITIONS = 4;
  private static final int RECORDS = 200;
  private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(120);

  @BeforeAll
  static void start() {
    // RTM holds one core per source partition for the whole batch.
    startKafkaAndSpark(PARTITIONS, "stock-kafka-smoke");
  }

  @Test
  void microBatchCopiesEveryRecordExactlyOnce() throws Exception {
    copyAndCheck("microbatch", writer -> writer);
  }

  @Test
  void realTimeModeCopiesEveryRecordExactlyOnce() throws Exception {
    copyAndCheck("rtm", writer -> writer.outputMode("update").trigger(Trigger.RealTime("5 seconds")));
  }

  private interface WriterSetup {
    DataStreamWriter<Row> apply(DataStreamWriter<Row> writer);
  }

  private void copyAndCheck(String name, WriterSetup setup) throws Exception {
    String input = kafka.createUniqueTopic("smoke-" + name + "-in", PARTITIONS);
    String output = kafka.createUniqueTopic("smoke-" + name + "-out", PARTITIONS);
    List<ProducerRecord<byte[], byte[]>> sent = inputRecords(input);
    Path checkpoint = TempDirectories.createDeletedAtExit("kr-smoke-checkpoint-");
    // Half is there before the query starts, half arrives while it runs.
    kafka.produce(input, sent.subList(0, RECORDS / 2));

    DataStreamWriter<Row> writer =
        kafkaStream(input)
            .option("includeHeaders", "true")
            .option("kafka.fetch.max.wait.ms", "10")
            .load()
            .select("key", "value", "headers")
            .writeStream()
            .format("kafka")
            .options(kafka.sparkKafkaOptions())
            .option("topic", output)
            .option("checkpointLocation", checkpoint.toString());
    StreamingQuery query = setup.apply(writer).start();
    try {
      kafka.produce(input, sent.subList(RECORDS / 2, RECORDS));
      kafka.consumeAtLeast(output, RECORDS, ARRIVAL_TIMEOUT);
      assertTrue(query.isActive(), () -> "query died: " + query.exception());
    } finally {
      query.stop();
      TempDirectories.delete(checkpoint);
    }

    List<ConsumerRecord<byte[], byte[]>> received = kafka.consumeAll(output);
    assertEquals(RECORDS, received.size(), "records in " + output);
    assertEquals(
        sent.stream().map(r -> describe(r.key(), r.value(), r.headers().toArray())).sorted().collect(Collectors.toList()),
        received.stream().map(r -> describe(r.key(), r.value(), r.headers().toArray())).sorted().collect(Collectors.toList()));
  }

  /** Keys (some null), values (one empty) and headers (none, one, or repeated keys and a null value) on every partition. */
  private static List<ProducerRecord<byte[], byte[]>> inputRecords(String topic) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      byte[] key = i % 10 == 0 ? null : utf8("key-" + i);
      byte[] value = i == 1 ? new byte[0] : utf8("value-" + i);
      RecordHeaders headers = new RecordHeaders();
      if (i % 3 == 1) {
        headers.add(new RecordHeader("trace", utf8("t-" + i)));
      } else if (i % 3 == 2) {
        headers.add(new RecordHeader("h", utf8("first")));
        headers.add(new RecordHeader("bin", new byte[] {0, -1, (byte) i}));
        headers.add(new RecordHeader("h", i == 5 ? null : utf8("second")));
      }
      records.add(new ProducerRecord<>(topic, i % PARTITIONS, key, value, headers));
    }
    return records;
  }

  private static String describe(byte[] key, byte[] value, Header[] headers) {
    String headerText =
        Arrays.stream(headers).map(h -> h.key() + "=" + base64(h.value())).collect(Collectors.joining(","));
    return "key=" + base64(key) + " value=" + base64(value) + " headers=[" + headerText + "]";
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? "null" : Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
