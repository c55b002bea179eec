package io.github.kafkarouted.lag.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.lag.KafkaLagListener;
import io.github.kafkarouted.lag.KafkaLagPlugin;
import io.github.kafkarouted.lag.KafkaLagQueryListener;
import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.tracking.LagServiceRegistry;
import io.github.kafkarouted.lag.tracking.QueryInspector.Found;
import io.github.kafkarouted.lag.tracking.QueryInspector.Gone;
import io.github.kafkarouted.lag.tracking.QueryInspector.Inspection;
import io.github.kafkarouted.lag.offsets.KafkaSourceOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.management.ObjectName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark-facing wiring, without a broker: loading by configuration, event delivery, query
 * inspection and the plugin's metrics. Lag against a real broker is the integration tests' job.
 *
 * <p>No continuous query here: stopping one right after it starts can hang Spark 4.1 on two cores
 * (the stream thread stays in {@code runJob}); the integration tests cover continuous lag.
 */
class SparkWiringTest {

  private static SparkSession spark;
  private static String applicationId;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("lag-wiring")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.extraListeners", KafkaLagListener.class.getName())
            .config("spark.plugins", KafkaLagPlugin.class.getName())
            .config("spark.metrics.conf.*.sink.jmx.class", "org.apache.spark.metrics.sink.JmxSink")
            .config("spark.kafkaRouted.lag.pollInterval", "200ms")
            .getOrCreate();
    applicationId = spark.sparkContext().applicationId();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    assertTrue(LagServiceRegistry.find(applicationId).isEmpty(), "released at application end");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void kafkaSourceOptionsAreReadFromThePlan() {
    Dataset<Row> kafka =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", "127.0.0.1:1")
            .option("kafka.sasl.jaas.config", "x password=\"s3cr3t\";")
            .option("subscribe", "a,b")
            .load()
            .union(
                spark
                    .readStream()
                    .format("kafka")
                    .option("kafka.bootstrap.servers", "127.0.0.1:2")
                    .option("subscribePattern", "c.*")
                    .load());

    List<KafkaSourceOptions> sources = new ArrayList<>();
    SparkQueryInspector.collectKafkaSources(kafka.queryExecution().analyzed(), sources);

    assertEquals(2, sources.size());
    assertTrue(sources.get(0).reads("a"));
    assertEquals(
        "127.0.0.1:1", sources.get(0).connection(java.util.Map.of()).orElseThrow().bootstrapServers());
    assertTrue(sources.get(1).reads("cx"));
    assertFalse(sources.get(0).toString().contains("s3cr3t"));
  }

  @Test
  void listenerLoadedByConfigurationTracksQueriesUntilTheyStop() throws Exception {
    LagService service = LagServiceRegistry.find(applicationId).orElseThrow();
    assertTrue(service.fedByApplicationListener());
    StreamingQuery query =
        spark
            .readStream()
            .format("rate")
            .option("rowsPerSecond", "10")
            .load()
            .writeStream()
            .format("noop")
            .queryName("rate_to_noop")
            .trigger(Trigger.ProcessingTime("100 milliseconds"))
            .start();
    try {
      await("the started event", () -> service.tracker().trackedQueries().contains(query.id()));
      await("the poller's inspection", () -> service.tracker().isInspected(query.id()));
      await("a batch", () -> query.lastProgress() != null);
      long rounds = service.pollRounds();
      await("two more poll rounds", () -> service.pollRounds() >= rounds + 2);
      assertTrue(
          service.tracker().trackedQueries().contains(query.id()), "not forgotten while running");
      Inspection inspection = new SparkQueryInspector().inspect(query.id(), query.runId());
      Found found = assertInstanceOf(Found.class, inspection);
      assertFalse(found.details().continuous());
      assertEquals(100, found.details().triggerIntervalMs());
      assertTrue(found.details().kafkaSources().isEmpty());
      assertTrue(found.details().positions().isActive());
    } finally {
      query.stop();
    }
    await("the terminated event", () -> !service.tracker().trackedQueries().contains(query.id()));
    assertInstanceOf(Gone.class, new SparkQueryInspector().inspect(query.id(), query.runId()));
  }

  @Test
  void sessionListenerSharesTheApplicationsService() {
    LagService service = LagServiceRegistry.find(applicationId).orElseThrow();
    KafkaLagQueryListener listener = new KafkaLagQueryListener();
    spark.streams().addListener(listener);
    try {
      assertSame(service, listener.service());
    } finally {
      spark.streams().removeListener(listener);
      listener.close();
    }
    assertFalse(service.isClosed(), "other users still hold it");
  }

  @Test
  void pluginMetricsReachJmx() throws Exception {
    ObjectName pattern = new ObjectName("metrics:name=*KafkaLagPlugin.trackedQueries,*");
    await(
        "the plugin's JMX gauge",
        () -> !ManagementFactory.getPlatformMBeanServer().queryNames(pattern, null).isEmpty());
  }
}
