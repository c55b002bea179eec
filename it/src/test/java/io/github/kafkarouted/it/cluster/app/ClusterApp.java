package io.github.kafkarouted.it.cluster.app;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.tracking.LagServiceRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;

/**
 * The Spark application that StandaloneClusterIntegrationTest submits to a standalone cluster with
 * {@code spark-submit}: it runs each {@link Phase} in turn over the same Kafka input, writing with
 * the plugin as users do (the plugin comes from the plugin jar on {@code --jars}, the lag listener
 * from {@code spark.extraListeners}). The test reads the output topics; this app only reports on
 * stdout, one {@value #MARKER} line per event, and waits for the test's stop file before stopping
 * a streaming query.
 *
 * <p>Usage: {@code ClusterApp <source topic> <topic prefix> <control dir> <kafka.setting=value>...}
 *
 * <p>Shipped in a jar of its own package only: executors must find every plugin class in the
 * plugin jar, never here.
 */
public final class ClusterApp {
  /** Prefix of every line this app prints for the test. */
  public static final String MARKER = "CLUSTER-APP";

  /** Micro-batch size: small, so that the query runs long enough to lose an executor mid-stream. */
  public static final int MICRO_BATCH_ROWS = 100;

  /** Time each row takes in the micro-batch query: a task of 50 rows runs 2 s, time to kill it. */
  public static final int MICRO_BATCH_PAUSE_MS_PER_ROW = 40;

  /** The executors the cluster gives the app (two workers, one 1-core executor each). */
  public static final int EXECUTORS = 2;

  private static final Duration STOP_WAIT = Duration.ofMinutes(3);
  private static final Duration EXECUTORS_WAIT = Duration.ofSeconds(90);
  private static final Duration LAG_WAIT = Duration.ofSeconds(30);

  private final SparkSession spark;
  private final String sourceTopic;
  private final String topicPrefix;
  private final Path controlDir;
  private final Map<String, String> kafkaOptions;

  private ClusterApp(SparkSession spark, String[] args) {
    this.spark = spark;
    this.sourceTopic = args[0];
    this.topicPrefix = args[1];
    this.controlDir = Paths.get(args[2]);
    this.kafkaOptions = new HashMap<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      kafkaOptions.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      throw new IllegalArgumentException(
          "usage: ClusterApp <source topic> <topic prefix> <control dir> <kafka.setting=value>...");
    }
    SparkSession spark = SparkSession.builder().getOrCreate();
    try {
      new ClusterApp(spark, args).runAllPhases();
      say("app-finished");
    } finally {
      spark.stop();
    }
  }

  /** Prints one line for the test, {@value #MARKER} first. */
  static void say(String event) {
    System.out.println(MARKER + " " + event);
    System.out.flush();
  }

  private void runAllPhases() throws Exception {
    TaskEventsListener tasks = new TaskEventsListener();
    spark.sparkContext().addSparkListener(tasks);
    spark.udf()
        .register(
            "pause_ms",
            (UDF1<Integer, Integer>) ms -> {
              Thread.sleep(ms);
              return ms;
            },
            DataTypes.IntegerType);

    awaitExecutors();
    tasks.reportTaskStarts(true);
    runMicroBatch();
    tasks.reportTaskStarts(false);
    say("phase-stopped phase=" + Phase.MICRO_BATCH.id() + " tasksLostWithExecutor=" + tasks.tasksLostWithExecutor());

    // Real-Time Mode holds one task slot per source partition: wait for the killed executor's replacement.
    awaitExecutors();
    runRealTimeForeach();
    runRealTimeDsv2();
    runBatch();
  }

  private void runMicroBatch() throws Exception {
    Dataset<Row> events =
        routable(stream().option("maxOffsetsPerTrigger", MICRO_BATCH_ROWS).load())
            .selectExpr("*", "pause_ms(" + MICRO_BATCH_PAUSE_MS_PER_ROW + ") AS paused_ms");
    StreamingQuery query =
        events.writeStream()
            .format("kafka-routed")
            .options(sinkOptions(Phase.MICRO_BATCH))
            .option("checkpointLocation", checkpoint(Phase.MICRO_BATCH))
            .queryName(Phase.MICRO_BATCH.id())
            .start();
    awaitStopRequest(Phase.MICRO_BATCH, query);
    reportLag(query);
    query.stop();
  }

  private void runRealTimeForeach() throws Exception {
    Dataset<Row> events = routable(stream().load());
    StreamingQuery query =
        events.writeStream()
            .foreach(KafkaRouted.foreachWriter(events, sinkOptions(Phase.REAL_TIME_FOREACH)))
            .outputMode("update")
            .trigger(Trigger.RealTime(5000))
            .option("checkpointLocation", checkpoint(Phase.REAL_TIME_FOREACH))
            .queryName(Phase.REAL_TIME_FOREACH.id())
            .start();
    awaitStopRequest(Phase.REAL_TIME_FOREACH, query);
    reportLive(query);
    query.stop();
    say("phase-stopped phase=" + Phase.REAL_TIME_FOREACH.id());
  }

  private void runRealTimeDsv2() throws Exception {
    // Spark admits only allowlisted sinks in Real-Time Mode: the DSv2 format needs the check off.
    spark.conf().set("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
    StreamingQuery query =
        routable(stream().load())
            .writeStream()
            .format("kafka-routed")
            .options(sinkOptions(Phase.REAL_TIME_DSV2))
            .outputMode("update")
            .trigger(Trigger.RealTime(5000))
            .option("checkpointLocation", checkpoint(Phase.REAL_TIME_DSV2))
            .queryName(Phase.REAL_TIME_DSV2.id())
            .start();
    awaitStopRequest(Phase.REAL_TIME_DSV2, query);
    query.stop();
    spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    say("phase-stopped phase=" + Phase.REAL_TIME_DSV2.id());
  }

  private void runBatch() {
    say("phase-started phase=" + Phase.BATCH.id());
    Dataset<Row> events =
        spark.read().format("kafka").options(kafkaOptions).option("subscribe", sourceTopic).load();
    routable(events).write().format("kafka-routed").options(sinkOptions(Phase.BATCH)).save();
    say("phase-stopped phase=" + Phase.BATCH.id());
  }

  private DataStreamReader stream() {
    return spark.readStream()
        .format("kafka")
        .options(kafkaOptions)
        .option("subscribe", sourceTopic)
        .option("startingOffsets", "earliest");
  }

  /** The source's key and value, and the {@code kind} field the routes test. */
  private static Dataset<Row> routable(Dataset<Row> kafkaRows) {
    return kafkaRows.selectExpr(
        "key", "value", "timestamp", "get_json_object(CAST(value AS STRING), '$.kind') AS kind");
  }

  /** Two routes and a dead-letter topic; no default topic, so kind {@code c} is dead-lettered. */
  private Map<String, String> sinkOptions(Phase phase) {
    Map<String, String> options = new HashMap<>(kafkaOptions);
    options.put("route.1.topic", phase.topic(topicPrefix, Phase.ROUTE_A));
    options.put("route.1.when", "kind = 'a'");
    options.put("route.2.topic", phase.topic(topicPrefix, Phase.ROUTE_B));
    options.put("route.2.when", "kind = 'b'");
    options.put("dlq.topic", phase.topic(topicPrefix, Phase.DEAD_LETTERS));
    return options;
  }

  private String checkpoint(Phase phase) {
    return controlDir.resolve("checkpoint-" + phase.id()).toString();
  }

  /** Waits until the test asks this phase to stop; fails if the query fails first or the test never asks. */
  private void awaitStopRequest(Phase phase, StreamingQuery query) throws InterruptedException {
    say("phase-started phase=" + phase.id() + " query=" + query.id());
    Path stopFile = controlDir.resolve(phase.stopFileName());
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    while (!Files.exists(stopFile)) {
      if (query.exception().isDefined()) {
        throw new IllegalStateException("Query " + phase.id() + " failed", query.exception().get());
      }
      if (!query.isActive()) {
        throw new IllegalStateException("Query " + phase.id() + " stopped by itself");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("No " + stopFile + " within " + STOP_WAIT);
      }
      Thread.sleep(100);
    }
  }

  /**
   * Reports what the lag listener (loaded by {@code spark.extraListeners} on this driver) knows of
   * the query: its positions and the brokers' end offsets it read with its own Admin client.
   */
  private void reportLag(StreamingQuery query) throws InterruptedException {
    LagService lag =
        LagServiceRegistry.only()
            .orElseThrow(() -> new IllegalStateException("No lag service: spark.extraListeners did not load the listener"));
    long deadline = System.nanoTime() + LAG_WAIT.toNanos();
    Optional<QueryLagSnapshot> snapshot = lag.snapshot(query.id());
    while (!hasEndOffsetsForAllPartitions(snapshot)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The lag listener has no end offsets for " + sourceTopic + ": " + snapshot);
      }
      Thread.sleep(200);
      snapshot = lag.snapshot(query.id());
    }
    long latest = 0;
    long consumed = 0;
    for (PartitionLag partition : snapshot.get().partitions()) {
      latest += partition.latestOffset().getAsLong();
      consumed += partition.consumedOffset();
    }
    say("lag partitions=" + snapshot.get().partitions().size() + " latestOffsets=" + latest
        + " consumedOffsets=" + consumed + " pollRounds=" + lag.pollRounds());
  }

  /**
   * Reports what the lag plugin's executor side sent from the executor JVMs over Spark's RPC: the
   * partitions whose position came live from the executors' Kafka consumers, and the sink's live
   * count of input rows (the ForeachWriter reports no progress metrics: only the executors know).
   */
  private void reportLive(StreamingQuery query) throws InterruptedException {
    LagService lag = LagServiceRegistry.only().orElseThrow();
    long deadline = System.nanoTime() + LAG_WAIT.toNanos();
    Optional<QueryLagSnapshot> snapshot = lag.snapshot(query.id());
    while (snapshot.isEmpty()
        || snapshot.get().partitions().isEmpty()
        || !snapshot.get().partitions().stream().allMatch(PartitionLag::livePosition)
        || snapshot.get().sinkOutcomes().getOrDefault("rowsIn", 0L) == 0) {
      if (System.nanoTime() > deadline) {
        break; // Reported as it is: the test says what is missing.
      }
      Thread.sleep(200);
      snapshot = lag.snapshot(query.id());
    }
    long live = snapshot.map(s -> s.partitions().stream().filter(PartitionLag::livePosition).count()).orElse(0L);
    long consumed = snapshot.map(s -> s.partitions().stream().mapToLong(PartitionLag::consumedOffset).sum()).orElse(0L);
    long rowsIn = snapshot.map(s -> s.sinkOutcomes().getOrDefault("rowsIn", 0L)).orElse(0L);
    say("live livePartitions=" + live + " consumedOffsets=" + consumed + " sinkRowsIn=" + rowsIn);
  }

  private boolean hasEndOffsetsForAllPartitions(Optional<QueryLagSnapshot> snapshot) {
    if (snapshot.isEmpty() || snapshot.get().partitions().isEmpty()) {
      return false;
    }
    return snapshot.get().partitions().stream()
        .allMatch(p -> p.topic().equals(sourceTopic) && p.latestOffset().isPresent());
  }

  private void awaitExecutors() throws InterruptedException {
    long deadline = System.nanoTime() + EXECUTORS_WAIT.toNanos();
    // getExecutorInfos includes the driver.
    while (spark.sparkContext().statusTracker().getExecutorInfos().length - 1 < EXECUTORS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Fewer than " + EXECUTORS + " executors after " + EXECUTORS_WAIT);
      }
      Thread.sleep(200);
    }
    say("executors-ready count=" + EXECUTORS);
  }
}
