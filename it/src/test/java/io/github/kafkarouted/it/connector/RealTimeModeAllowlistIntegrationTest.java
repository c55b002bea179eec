package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.foreach.RoutedForeachWriter;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.execution.streaming.sources.ForeachWriterTable;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code format("kafka-routed")} under {@code Trigger.RealTime} with Spark's sink allowlist check
 * on, as it is by default: with the option {@code realTimeMode=true} records reach the route
 * topics; without it Spark refuses the DataSource V2 table at {@code start()}, which shows the
 * check is really on in this session.
 */
class RealTimeModeAllowlistIntegrationTest extends RealKafkaSparkTest {

  private static final String ALLOWLIST_CHECK = "spark.sql.streaming.realTimeMode.allowlistCheck";
  private static final int PARTITIONS = 2;
  private static final int ROWS = 40;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    // Real-Time Mode holds one slot per source partition for the whole batch.
    startKafkaAndSpark(PARTITIONS, "rtm-allowlist-it");
  }

  private static boolean urgent(int i) {
    return i % 4 == 0;
  }

  @Test
  void realTimeModeOptionDeliversWithTheAllowlistCheckOn() throws Exception {
    assertAllowlistCheckIsOn();
    String source = kafka.createUniqueTopic("rtm-events", PARTITIONS);
    String urgentTopic = kafka.createUniqueTopic("rtm-urgent", 1);
    String standardTopic = kafka.createUniqueTopic("rtm-standard", 1);
    kafka.produceStrings(source, values(0, ROWS / 2));

    Map<String, String> options = routes(urgentTopic, standardTopic);
    options.put("realTimeMode", "true");
    StreamingQuery query = realTimeWriter(events(source), "cp").options(options).start();
    try {
      Duration wait = Duration.ofSeconds(90);
      kafka.consumeAtLeast(standardTopic, count(0, ROWS / 2, false), wait);
      // The second half arrives while the batch runs: rows are written as they come.
      kafka.produceStrings(source, values(ROWS / 2, ROWS));
      List<ConsumerRecord<byte[], byte[]>> urgentOut =
          kafka.consumeAtLeast(urgentTopic, count(0, ROWS, true), wait);
      List<ConsumerRecord<byte[], byte[]>> standardOut =
          kafka.consumeAtLeast(standardTopic, count(0, ROWS, false), wait);
      assertRouted(urgentOut, true);
      assertRouted(standardOut, false);

      // Spark runs its own allowlisted ForeachWriter sink; its counts are in accumulators, merged
      // when the tasks end with the batch, not in the progress's sink metrics.
      ForeachWriterTable<?> sink =
          (ForeachWriterTable<?>) ((StreamingQueryWrapper) query).streamingQuery().sink();
      RoutedForeachWriter writer = (RoutedForeachWriter) sink.writer();
      awaitAccumulated(writer, "rowsIn", ROWS);
      assertEquals(ROWS, writer.metrics().get("recordsSent").longValue());
      StreamingQueryProgress progress = awaitProgress(query);
      assertTrue(progress.sink().metrics().isEmpty(), "no sink metrics in progress");
      assertTrue(
          progress.sink().description().startsWith("ForeachWriterTable(kafka-routed["),
          progress.sink().description());
    } finally {
      query.stop();
    }
  }

  @Test
  void withoutTheOptionSparkRefusesTheSinkAtStart() {
    assertAllowlistCheckIsOn();
    String source = kafka.createUniqueTopic("rtm-refused", PARTITIONS);
    DataStreamWriter<Row> writer =
        realTimeWriter(events(source), "cp-refused")
            .options(routes(kafka.createUniqueTopic("rtm-u", 1), kafka.createUniqueTopic("rtm-s", 1)));
    Exception e = assertThrows(Exception.class, writer::start);
    assertTrue(e instanceof SparkThrowable, e.toString());
    assertEquals(
        "STREAMING_REAL_TIME_MODE.OPERATOR_OR_SINK_NOT_IN_ALLOWLIST",
        ((SparkThrowable) e).getCondition());
    assertTrue(e.getMessage().contains("KafkaRoutedTable"), e.getMessage());
  }

  /**
   * The Delta DLQ needs a driver-side commit: refused at start, naming the option, not silently
   * dropped. (The error budget is judged by the tasks' windows there: ErrorBudgetIntegrationTest.)
   */
  @Test
  void theDeltaDeadLetterTableIsRefusedAtStart() {
    String source = kafka.createUniqueTopic("rtm-budget", PARTITIONS);
    Map<String, String> options = routes(kafka.createUniqueTopic("rtm-u", 1), kafka.createUniqueTopic("rtm-s", 1));
    options.put("realTimeMode", "true");
    for (Map.Entry<String, String> option :
        Map.of("dlq.delta.path", tmp.resolve("dlq").toString()).entrySet()) {
      Map<String, String> withOption = new HashMap<>(options);
      withOption.put("dlq.topic", kafka.createUniqueTopic("rtm-dlq", 1));
      withOption.put(option.getKey(), option.getValue());
      DataStreamWriter<Row> writer = realTimeWriter(events(source), "cp-" + option.getKey()).options(withOption);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, writer::start);
      assertTrue(e.getMessage().contains("'" + option.getKey() + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("realTimeMode=true"), e.getMessage());
    }
  }

  /** The test proves nothing unless the session runs with Spark's default: the check on. */
  private static void assertAllowlistCheckIsOn() {
    assertFalse(spark.sparkContext().getConf().contains(ALLOWLIST_CHECK), "set in SparkConf");
    assertEquals("true", spark.conf().get(ALLOWLIST_CHECK));
  }

  private static Dataset<Row> events(String source) {
    return kafkaStream(source)
        .option("kafka.fetch.max.wait.ms", "10")
        .load()
        .selectExpr("CAST(value AS STRING) AS text", "value");
  }

  private DataStreamWriter<Row> realTimeWriter(Dataset<Row> events, String checkpoint) {
    return events
        .writeStream()
        .format("kafka-routed")
        .outputMode("update")
        .trigger(Trigger.RealTime(5000))
        .option("checkpointLocation", tmp.resolve(checkpoint).toString());
  }

  private static Map<String, String> routes(String urgentTopic, String standardTopic) {
    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("route.1.topic", urgentTopic);
    options.put("route.1.when", "text LIKE 'urgent-%'");
    options.put("topic", standardTopic);
    return options;
  }

  private static List<String> values(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> (urgent(i) ? "urgent-" : "standard-") + i).toList();
  }

  private static int count(int from, int to, boolean urgent) {
    return (int) IntStream.range(from, to).filter(i -> urgent(i) == urgent).count();
  }

  /** Exactly the expected rows, once each, on the topic of their route. */
  private static void assertRouted(List<ConsumerRecord<byte[], byte[]>> out, boolean urgent) {
    List<String> expected = values(0, ROWS).stream().filter(v -> v.startsWith("urgent-") == urgent).sorted().toList();
    List<String> actual =
        out.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).sorted().toList();
    assertEquals(expected, actual);
  }

  /** Progress comes once a Real-Time Mode batch has ended and committed. */
  private static StreamingQueryProgress awaitProgress(StreamingQuery query) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (query.lastProgress() == null && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertNotNull(query.lastProgress(), "no progress within 60 s");
    return query.lastProgress();
  }

  private static void awaitAccumulated(RoutedForeachWriter writer, String metric, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (writer.metrics().get(metric) >= expected) {
        assertEquals(expected, writer.metrics().get(metric).longValue(), metric);
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(metric + " never reached " + expected + ": " + writer.metrics());
  }
}
