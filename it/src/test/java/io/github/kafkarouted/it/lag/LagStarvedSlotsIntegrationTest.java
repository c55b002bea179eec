package io.github.kafkarouted.it.lag;

import static io.github.kafkarouted.it.lag.LagGroundTruth.endOffsets;
import static io.github.kafkarouted.it.lag.LagGroundTruth.endOffsetsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import io.github.kafkarouted.it.spark.SparkSessions;
import io.github.kafkarouted.lag.KafkaLagPlugin;
import io.github.kafkarouted.lag.tracking.LagListenerConf;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.PartitionStatus;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lag listener loaded by {@code spark.plugins} alone (the plugin attaches the listener itself),
 * with Spark's JMX sink, in a {@code local[2]} session: fewer task slots than the three partitions
 * a Real-Time Mode query reads, so one partition is never consumed and must show STALL; and lag
 * through the Spark metrics system, read back as JMX MBeans.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LagStarvedSlotsIntegrationTest extends LagListenerTestBase {

  private static final int CORES = 2;
  private static final int PARTITIONS = 3;
  private static final String METRICS_NAMESPACE = "kr-lag-it";
  /** STALL needs a full window of batches with an unchanged position: keep the window short. */
  private static final int STATUS_WINDOW = 3;

  @BeforeAll
  static void startBrokerAndSession() {
    kafka = KafkaTestCluster.fromSystemProperties();
    spark =
        SparkSessions.local(CORES)
            .appName("lag-starved-slots-it")
            .conf("spark.plugins", KafkaLagPlugin.class.getName())
            .conf("spark.metrics.conf.*.sink.jmx.class", "org.apache.spark.metrics.sink.JmxSink")
            .conf("spark.metrics.namespace", METRICS_NAMESPACE)
            .conf(LagListenerConf.POLL_INTERVAL, "1s")
            .conf(LagListenerConf.STATUS_WINDOW, Integer.toString(STATUS_WINDOW))
            .start();
  }

  /**
   * Real-Time Mode with 2 slots and 3 partitions: Spark gives no error, but one partition's task
   * only runs after the batch deadline and reads nothing, batch after batch. That partition shows
   * STALL with its whole backlog as lag; the others are caught up and OK.
   */
  @Test
  void partitionWithoutATaskSlotShowsStall() {
    assertFalse(spark.sparkContext().conf().contains("spark.extraListeners"), "the plugin alone loads the listener");
    String input = kafka.createUniqueTopic("lag-stall-in", PARTITIONS);
    String output = kafka.createUniqueTopic("lag-stall-out", PARTITIONS);
    kafka.produceStrings(input, values(30)); // 10 per partition
    StreamingQuery query =
        start(
            readKafka(input)
                .selectExpr("key", "value")
                .writeStream()
                .queryName("stall_" + suffix(input))
                .format("kafka")
                .options(kafka.sparkKafkaOptions())
                .option("topic", output)
                .option("checkpointLocation", checkpoint())
                .outputMode("update")
                .trigger(Trigger.RealTime("5 seconds")));

    QueryLagSnapshot snapshot =
        Await.until(
            WAIT,
            "a STALL partition of " + query.name(),
            () ->
                lagService()
                    .snapshot(query.id())
                    .filter(s -> s.partitions().stream().anyMatch(p -> p.status() == PartitionStatus.STALL)),
            () -> "snapshot " + lagService().snapshot(query.id()) + ", progress " + query.lastProgress());

    // Ground truth: the query's own positions, from its last progress, and the broker's ends.
    StreamingQueryProgress last = query.lastProgress();
    Map<Integer, Long> position = endOffsetsOf(last, input);
    Map<Integer, Long> end = endOffsets(kafka.admin(), input, PARTITIONS);
    List<Integer> unread =
        position.entrySet().stream().filter(e -> e.getValue() == 0L).map(Map.Entry::getKey).toList();
    assertEquals(1, unread.size(), () -> "exactly one partition unread: " + position);
    assertTrue(last.batchId() >= STATUS_WINDOW - 1, "a full window of batches: " + last.batchId());

    for (PartitionLag p : snapshot.partitions()) {
      if (p.partition() == unread.get(0)) {
        assertEquals(PartitionStatus.STALL, p.status(), p.toString());
        assertEquals(0, p.consumedOffset());
        assertEquals(end.get(p.partition()), p.lagOffsets().orElseThrow());
      } else {
        assertEquals(PartitionStatus.OK, p.status(), p.toString());
        assertEquals(end.get(p.partition()), p.consumedOffset());
        assertEquals(0, p.lagOffsets().orElseThrow());
      }
    }
    assertEquals(PARTITIONS, snapshot.partitions().size());
    assertEquals(20, kafka.consumeAll(output).size(), "the starved partition's records were never copied");
  }

  /**
   * The plugin's gauges reach Spark's metrics system: with the JMX sink, each partition's lag,
   * position and end offset are MBeans whose values match the ground truth.
   */
  @Test
  void sparkMetricsSystemShowsLagThroughJmx() throws Exception {
    String topic = kafka.createUniqueTopic("lag-jmx", 2);
    kafka.produceStrings(topic, values(200));
    StreamingQuery query = startHeldBack("jmx", topic, 20);
    StreamingQueryProgress pinned = awaitFirstProgress(query);
    Map<Integer, Long> position = endOffsetsOf(pinned, topic);
    Map<Integer, Long> end = endOffsets(kafka.admin(), topic, 2);
    position.forEach((p, pos) -> assertTrue(pos < end.get(p), "held back: " + position));

    String prefix =
        METRICS_NAMESPACE + ".driver.plugin." + KafkaLagPlugin.class.getName() + "." + query.name() + "." + topic + ".";
    Map<String, Long> expected = new HashMap<>();
    for (int p = 0; p < 2; p++) {
      expected.put(prefix + p + ".lagOffsets", end.get(p) - position.get(p));
      expected.put(prefix + p + ".consumedOffset", position.get(p));
      expected.put(prefix + p + ".latestOffset", end.get(p));
    }
    Map<String, Long> seen =
        Await.until(
            WAIT,
            "lag MBeans " + expected,
            () -> {
              Map<String, Long> now = jmxGauges(expected.keySet());
              return now.equals(expected) ? Optional.of(now) : Optional.empty();
            },
            () -> "MBeans " + jmxGauges(expected.keySet()));
    assertEquals(expected, seen);
    assertEquals(pinned.batchId(), query.lastProgress().batchId(), "still the pinned batch");
    assertTrue(
        jmxGauges(List.of(METRICS_NAMESPACE + ".driver.plugin." + KafkaLagPlugin.class.getName() + ".trackedQueries"))
                .values()
                .iterator()
                .next()
            >= 1);
  }

  // ------------------------------------------------------------------------------------ helpers

  /** Current values of the named gauges that exist as MBeans (domain {@code metrics}). */
  private static Map<String, Long> jmxGauges(Collection<String> names) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Map<String, Long> values = new HashMap<>();
    try {
      for (ObjectName name : server.queryNames(new ObjectName("metrics:*"), null)) {
        String metric = name.getKeyProperty("name");
        if (metric != null && names.contains(metric)) {
          Object value = server.getAttribute(name, "Value");
          if (value instanceof Number n) {
            values.put(metric, n.longValue());
          }
        }
      }
    } catch (JMException e) {
      throw new IllegalStateException("reading MBeans failed", e);
    }
    return values;
  }
}
