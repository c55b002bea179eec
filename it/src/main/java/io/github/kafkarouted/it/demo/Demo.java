package io.github.kafkarouted.it.demo;

import io.github.kafkarouted.connector.metadata.TopicDirectory;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.it.TempDirectories;
import io.github.kafkarouted.it.kafka.ExternalKafkaCluster;
import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import io.github.kafkarouted.it.kafka.LocalKafkaBroker;
import io.github.kafkarouted.it.spark.SparkSessions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * One run of the demo: starts (or connects to) Kafka, creates the topics, starts Spark with Delta
 * and the lag listener, writes the users table, starts the routing query, the event generator, the
 * output monitor and the live view; after the duration (or {@link #requestStop(String)}) stops the
 * generator, waits until every event is accounted for, checks the invariant, stops everything it
 * started, deletes its temp directory, and returns the {@link DemoSummary}.
 *
 * <p>{@link #run()} is called once, from one thread; {@link #requestStop(String)} may be called from any
 * thread (a signal handler, a shutdown hook). What it started is stopped by {@link StartedResources};
 * the live view's status comes from {@link DemoStatusSampler}.
 */
public final class Demo {
  /** How long to wait, after the generator stops, for the last events to come out. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  private final DemoOptions options;
  private final PrintStream out;
  private final boolean ansi;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final DemoLog log;
  private final StartedResources cleanup;
  private volatile String endedEarlyBy;
  // Read by the view thread.
  private volatile String phase = "starting";

  // Set during run().
  private volatile EventGenerator generator;
  private volatile OutputMonitor monitor;
  private volatile StreamingQuery query;
  private volatile long generatorStartNanos;

  /**
   * @param out where progress, the live view and the summary go
   * @param ansi whether {@code out} is a terminal that understands ANSI codes
   */
  public Demo(DemoOptions options, PrintStream out, boolean ansi) {
    this.options = options;
    this.out = out;
    this.ansi = ansi;
    this.log = new DemoLog(out);
    this.cleanup = new StartedResources(log);
  }

  /**
   * Ends the run early: the generator stops, the demo drains and prints its summary.
   *
   * @param why what asked, for the summary (e.g. "Ctrl-C")
   */
  public void requestStop(String why) {
    if (endedEarlyBy == null) {
      endedEarlyBy = why;
    }
    stopRequested.countDown();
  }

  /** Waits until {@link #run()} has returned or thrown; false on timeout. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs the demo to the end and stops everything it started, also when it fails.
   *
   * @throws RuntimeException if the setup fails (broker, Spark, query start)
   */
  public DemoSummary run() {
    try {
      return runAndCheck();
    } finally {
      cleanup.stopAll();
      finished.countDown();
    }
  }

  private DemoSummary runAndCheck() {
    String runId = runId();
    DemoTrigger trigger = options.trigger();
    log.say(
        "kafka-routed demo: trigger %s, %d events/s for %d s, bad records %s (run %s)",
        trigger.flagValue(), options.ratePerSecond(), options.duration().toSeconds(),
        options.badRecords() ? "on" : "off", runId);

    KafkaTestCluster kafka = startKafka();
    int sourcePartitions = DemoTopics.createMissing(kafka, options.partitions());
    log.say("topics: %s (%d partitions), %s, %s, %s, %s", DemoTopics.SOURCE, sourcePartitions,
        DemoTopics.URGENT, DemoTopics.ERROR, DemoTopics.STANDARD, DemoTopics.DEAD_LETTERS);
    Map<TopicPartition, Long> startOffsets = DemoTopics.endOffsets(kafka.admin());

    // Deleted by stopAll(), or by a shutdown hook if the JVM exits first (a second Ctrl-C).
    Path work = TempDirectories.createDeletedAtExit("kr-demo-");
    cleanup.push("temp directory " + work, () -> TempDirectories.delete(work));

    // Real-Time Mode and continuous tasks each hold a slot per source partition for a long time.
    int cores = Math.max(options.partitions(), sourcePartitions);
    SparkSession spark = startSpark(cores, work);
    UsersTable users = UsersTable.write(spark, work.resolve("users"), EventFactory.USER_COUNT);
    log.say("Delta table users: %d rows (user_id, tier, country) at %s", users.rows(), users.path());

    int expectedEvents = (int) Math.min(Integer.MAX_VALUE - 16L,
        (long) options.ratePerSecond() * (options.duration().toSeconds() + 5));
    Duration warmup = warmup();
    monitor = OutputMonitor.start(kafka.clientProperties(), startOffsets, runId, warmup, expectedEvents);
    cleanup.push("output monitor", monitor);

    // The sink's producers live in a JVM-wide pool (executors are this JVM under local[N]); they
    // would otherwise outlive the broker by their 10-minute idle timeout.
    cleanup.push("sink producers", ProducerPool::closeShared);
    cleanup.push("topic lookups", TopicDirectory::closeShared);
    query =
        DemoPipeline.start(
            spark,
            kafka.sparkKafkaOptions(),
            DemoTopics.startingOffsetsJson(DemoTopics.SOURCE, startOffsets),
            users,
            options,
            work.resolve("checkpoint"));
    StreamingQuery started = query;
    cleanup.push("streaming query", () -> stopQuery(started));
    LagReadout lag = new LagReadout(spark.sparkContext().applicationId(), query.id());
    log.say("query %s started: %s", DemoPipeline.QUERY_NAME, triggerText());

    generator = EventGenerator.start(
        kafka.clientProperties(), runId, options.badRecords(), options.ratePerSecond(), expectedEvents);
    generatorStartNanos = System.nanoTime();
    cleanup.push("event generator", generator);
    String header = String.format(Locale.ROOT, "kafka-routed demo | %s | %s", triggerText(), brokerText(kafka));
    DemoStatusSampler status =
        new DemoStatusSampler(
            options, generator, monitor, query, lag, header, generatorStartNanos, () -> phase);
    phase = "running";

    String failure;
    Duration elapsed;
    LiveView view = LiveView.start(out, ansi, status::sample);
    try {
      failure = awaitEnd();
      generator.stop();
      elapsed = Duration.ofNanos(System.nanoTime() - generatorStartNanos);
      if (failure == null) {
        phase = "draining";
        failure = drain();
      }
      phase = "done";
    } finally {
      view.close();
    }
    monitor.stop();
    DemoSummary summary = summarize(failure, elapsed, warmup);
    phase = "stopping";
    return summary;
  }

  private KafkaTestCluster startKafka() {
    if (options.bootstrapServers().isPresent()) {
      KafkaTestCluster external = ExternalKafkaCluster.connect(options.bootstrapServers().get(), Map.of());
      cleanup.push("Kafka clients", external);
      log.say("Kafka: using the cluster at %s", external.bootstrapServers());
      return external;
    }
    log.say("starting a Kafka 4.1 broker (KRaft, its own JVM)...");
    LocalKafkaBroker broker = LocalKafkaBroker.builder().start();
    cleanup.push("Kafka broker", broker);
    log.say("Kafka broker ready at %s in %.1f s", broker.bootstrapServers(), broker.lastStartDuration().toMillis() / 1000.0);
    return broker;
  }

  private SparkSession startSpark(int cores, Path work) {
    SparkSessions.Builder builder =
        SparkSessions.local(cores)
            .appName("kafka-routed-demo")
            .delta(true)
            .warehouseDir(work.resolve("warehouse"));
    LagReadout.sessionConf().forEach(builder::conf);
    DemoPipeline.sessionConf(options.trigger()).forEach(builder::conf);
    SparkSession spark = builder.start();
    cleanup.push("Spark", spark::stop);
    log.say("Spark %s local[%d] with Delta and the lag listener (spark.extraListeners)", spark.version(), cores);
    return spark;
  }

  /** Waits for the duration, a stop request or a failure; returns the failure, or null. */
  private String awaitEnd() {
    long deadline = generatorStartNanos + options.duration().toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (stopRequested.await(Math.min(200, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1),
            TimeUnit.MILLISECONDS)) {
          return null;
        }
        String failure = failure();
        if (failure != null) {
          return failure;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    return null;
  }

  /** Waits until every acknowledged event is routed, dead-lettered or dropped; returns a failure or null. */
  private String drain() {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    long input = generator.acked();
    while (System.nanoTime() < deadline) {
      String failure = failure();
      if (failure != null) {
        return failure;
      }
      long accounted = monitor.distinctRouted() + monitor.distinctDeadLetters() + Math.max(0, QueryProgressReadout.sinkMetric(query, "rowsDropped"));
      if (accounted >= input) {
        return null;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted while draining";
      }
    }
    return null; // The summary shows what is missing.
  }

  private String failure() {
    StreamingQuery q = query;
    if (q != null && !q.isActive()) {
      return q.exception().isDefined()
          ? "the query failed: " + DemoLog.firstLine(q.exception().get().getMessage())
          : "the query stopped";
    }
    if (generator != null && generator.sendFailure() != null) {
      return "the generator failed: " + DemoLog.firstLine(String.valueOf(generator.sendFailure()));
    }
    if (monitor != null && monitor.failure() != null) {
      return "the output monitor failed: " + DemoLog.firstLine(String.valueOf(monitor.failure()));
    }
    return null;
  }

  private DemoSummary summarize(String failure, Duration elapsed, Duration warmup) {
    EventGenerator g = generator;
    DemoSummary.Accounting accounting = DemoSummary.account(g.expected(), g::failed, monitor.actual());
    Map<EventKind, Long> byKind = new EnumMap<>(EventKind.class);
    for (EventKind k : EventKind.values()) {
      byKind.put(k, g.acked(k));
    }
    return new DemoSummary(
        g.acked(),
        byKind,
        accounting.routedByDestination(),
        accounting.deadLetters(),
        monitor.deadLettersByReason(),
        QueryProgressReadout.sinkMetric(query, "rowsDropped"),
        accounting.misrouted(),
        accounting.unexpected(),
        monitor.conflicting(),
        monitor.duplicates(),
        DemoSummary.LatencySummary.of(monitor.latencyAfterWarmup(), warmup),
        failure,
        endedEarlyBy,
        elapsed);
  }

  private String triggerText() {
    return switch (options.trigger()) {
      case REALTIME -> "Real-Time Mode, " + options.realTimeBatch().toSeconds() + " s batches";
      case MICROBATCH -> "micro-batch";
      case CONTINUOUS -> "continuous, 1 s epochs";
    };
  }

  private String brokerText(KafkaTestCluster kafka) {
    return "Kafka " + kafka.bootstrapServers() + (options.embeddedBroker() ? " (embedded)" : "");
  }

  /** Latency warm-up after the first output: 3 s, less for very short runs. */
  private Duration warmup() {
    return Duration.ofSeconds(Math.min(3, options.duration().toSeconds() / 5));
  }

  private static void stopQuery(StreamingQuery q) throws Exception {
    if (q.isActive()) {
      q.stop();
    }
  }

  private static String runId() {
    byte[] bytes = new byte[3];
    new SecureRandom().nextBytes(bytes);
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      b.append(String.format(Locale.ROOT, "%02x", x));
    }
    return b.toString();
  }
}
