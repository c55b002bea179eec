package io.github.kafkarouted.it.demo;

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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SinkProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * One run of the demo: starts (or connects to) Kafka, creates the topics, starts Spark with Delta
 * and the lag listener, writes the users table, starts the routing query, the event generator, the
 * output monitor and the live view; after the duration (or {@link #requestStop(String)}) stops the
 * generator, waits until every event is accounted for, checks the invariant, stops everything it
 * started, deletes its temp directory, and returns the {@link DemoSummary}.
 *
 * <p>{@link #run()} is called once, from one thread; {@link #requestStop(String)} may be called from any
 * thread (a signal handler, a shutdown hook).
 */
public final class Demo {
  /** How long to wait, after the generator stops, for the last events to come out. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  private final DemoOptions options;
  private final PrintStream out;
  private final boolean ansi;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Deque<Step> cleanup = new ArrayDeque<>();
  private final long startNanos = System.nanoTime();
  private volatile String endedEarlyBy;
  private volatile String phase = "starting";

  // Set during run(); read by the view thread.
  private volatile EventGenerator generator;
  private volatile OutputMonitor monitor;
  private volatile StreamingQuery query;
  private volatile LagReadout lag;
  private volatile long generatorStartNanos;
  private volatile String header = "";
  private final AtomicLong lastAcked = new AtomicLong();
  private final AtomicLong lastAckedAt = new AtomicLong();

  /** Something to stop at the end, in reverse order of starting. */
  private record Step(String what, AutoCloseable action) {}

  /**
   * @param out where progress, the live view and the summary go
   * @param ansi whether {@code out} is a terminal that understands ANSI codes
   */
  public Demo(DemoOptions options, PrintStream out, boolean ansi) {
    this.options = options;
    this.out = out;
    this.ansi = ansi;
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
      stopAll();
      finished.countDown();
    }
  }

  private DemoSummary runAndCheck() {
    String runId = runId();
    DemoTrigger trigger = options.trigger();
    say(
        "kafka-routed demo: trigger %s, %d events/s for %d s, bad records %s (run %s)",
        trigger.flagValue(), options.ratePerSecond(), options.duration().toSeconds(),
        options.badRecords() ? "on" : "off", runId);

    KafkaTestCluster kafka = startKafka();
    int sourcePartitions = DemoTopics.createMissing(kafka, options.partitions());
    say("topics: %s (%d partitions), %s, %s, %s, %s", DemoTopics.SOURCE, sourcePartitions,
        DemoTopics.URGENT, DemoTopics.ERROR, DemoTopics.STANDARD, DemoTopics.DEAD_LETTERS);
    Map<TopicPartition, Long> startOffsets = DemoTopics.endOffsets(kafka.admin());

    // Deleted by stopAll(), or by a shutdown hook if the JVM exits first (a second Ctrl-C).
    Path work = TempDirectories.createDeletedAtExit("kr-demo-");
    cleanup.push(new Step("temp directory " + work, () -> TempDirectories.delete(work)));

    // Real-Time Mode and continuous tasks each hold a slot per source partition for a long time.
    int cores = Math.max(options.partitions(), sourcePartitions);
    SparkSession spark = startSpark(cores, work);
    UsersTable users = UsersTable.write(spark, work.resolve("users"), EventFactory.USER_COUNT);
    say("Delta table users: %d rows (user_id, tier, country) at %s", users.rows(), users.path());

    int expectedEvents = (int) Math.min(Integer.MAX_VALUE - 16L,
        (long) options.ratePerSecond() * (options.duration().toSeconds() + 5));
    Duration warmup = warmup();
    monitor = OutputMonitor.start(kafka.clientProperties(), startOffsets, runId, warmup, expectedEvents);
    cleanup.push(new Step("output monitor", monitor));

    // The sink's producers live in a JVM-wide pool (executors are this JVM under local[N]); they
    // would otherwise outlive the broker by their 10-minute idle timeout.
    cleanup.push(new Step("sink producers", ProducerPool::closeShared));
    query =
        DemoPipeline.start(
            spark,
            kafka.sparkKafkaOptions(),
            DemoTopics.startingOffsetsJson(DemoTopics.SOURCE, startOffsets),
            users,
            options,
            work.resolve("checkpoint"));
    StreamingQuery started = query;
    cleanup.push(new Step("streaming query", () -> stopQuery(started)));
    lag = new LagReadout(spark.sparkContext().applicationId(), query.id());
    say("query %s started: %s", DemoPipeline.QUERY_NAME, triggerText());

    generator = EventGenerator.start(
        kafka.clientProperties(), runId, options.badRecords(), options.ratePerSecond(), expectedEvents);
    generatorStartNanos = System.nanoTime();
    cleanup.push(new Step("event generator", generator));
    header = String.format(Locale.ROOT, "kafka-routed demo | %s | %s", triggerText(), brokerText(kafka));
    phase = "running";

    String failure;
    Duration elapsed;
    LiveView view = LiveView.start(out, ansi, this::status);
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
      cleanup.push(new Step("Kafka clients", external));
      say("Kafka: using the cluster at %s", external.bootstrapServers());
      return external;
    }
    say("starting a Kafka 4.1 broker (KRaft, its own JVM)...");
    LocalKafkaBroker broker = LocalKafkaBroker.builder().start();
    cleanup.push(new Step("Kafka broker", broker));
    say("Kafka broker ready at %s in %.1f s", broker.bootstrapServers(), broker.lastStartDuration().toMillis() / 1000.0);
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
    cleanup.push(new Step("Spark", spark::stop));
    say("Spark %s local[%d] with Delta and the lag listener (spark.extraListeners)", spark.version(), cores);
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
      long accounted = monitor.distinctRouted() + monitor.distinctDeadLetters() + Math.max(0, sinkMetric("rowsDropped"));
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
          ? "the query failed: " + firstLine(q.exception().get().getMessage())
          : "the query stopped";
    }
    if (generator != null && generator.sendFailure() != null) {
      return "the generator failed: " + firstLine(String.valueOf(generator.sendFailure()));
    }
    if (monitor != null && monitor.failure() != null) {
      return "the output monitor failed: " + firstLine(String.valueOf(monitor.failure()));
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
        sinkMetric("rowsDropped"),
        accounting.misrouted(),
        accounting.unexpected(),
        monitor.conflicting(),
        monitor.duplicates(),
        DemoSummary.LatencySummary.of(monitor.latencyAfterWarmup(), warmup),
        failure,
        endedEarlyBy,
        elapsed);
  }

  /** A sink metric from the last progress report, or -1 (continuous queries report none). */
  private long sinkMetric(String name) {
    StreamingQuery q = query;
    StreamingQueryProgress p = q == null ? null : q.lastProgress();
    SinkProgress sink = p == null ? null : p.sink();
    String value = sink == null || sink.metrics() == null ? null : sink.metrics().get(name);
    try {
      return value == null ? -1 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** What the live view shows now; called on the view thread. */
  private DemoStatus status() {
    EventGenerator g = generator;
    OutputMonitor m = monitor;
    long acked = g.acked();
    long now = System.nanoTime();
    long previousAt = lastAckedAt.getAndSet(now);
    long previous = lastAcked.getAndSet(acked);
    double seconds = previousAt == 0 ? Math.max(1e-3, (now - generatorStartNanos) / 1e9) : (now - previousAt) / 1e9;
    long rate = Math.round((acked - previous) / Math.max(1e-3, seconds));
    Map<EventKind, Long> byKind = new EnumMap<>(EventKind.class);
    for (EventKind k : EventKind.values()) {
      byKind.put(k, g.acked(k));
    }
    Map<Destination, Long> records = new EnumMap<>(Destination.class);
    for (Destination d : Destination.values()) {
      records.put(d, m.records(d));
    }
    long inFlight = Math.max(0, acked - m.distinctRouted() - m.distinctDeadLetters());
    return new DemoStatus(
        phase,
        Duration.ofNanos(now - generatorStartNanos),
        options.duration(),
        header,
        rate,
        acked,
        byKind,
        records,
        m.deadLettersByReason(),
        inFlight,
        DemoStatus.Latency.of(m.recentLatency()),
        lagCaption(),
        lag.read(),
        sparkLine());
  }

  private String sparkLine() {
    StreamingQuery q = query;
    StreamingQueryProgress p = q.lastProgress();
    if (p == null) {
      return switch (options.trigger()) {
        case CONTINUOUS -> "continuous processing reports no progress (epochs commit every 1 s)";
        case REALTIME -> "batch 0 running: Real-Time Mode reports progress when a batch ends";
        case MICROBATCH -> "first batch running";
      };
    }
    Map<String, String> metrics = p.sink() == null ? Map.of() : p.sink().metrics();
    return String.format(
        Locale.ROOT,
        "last batch %d: %d rows in %d ms; sink totals rowsIn %s rowsRouted %s recordsSent %s rowsDropped %s",
        p.batchId(),
        p.numInputRows(),
        p.batchDuration(),
        metrics.getOrDefault("rowsIn", "?"),
        metrics.getOrDefault("rowsRouted", "?"),
        metrics.getOrDefault("recordsSent", "?"),
        metrics.getOrDefault("rowsDropped", "?"));
  }

  /** Two lines: where lag comes from, and what the position means under this trigger. */
  private String lagCaption() {
    String source = "from the lag listener, per partition: query position vs. broker end offset\n";
    return switch (options.trigger()) {
      case REALTIME -> source + "(position = end of the last committed batch: it moves every "
          + options.realTimeBatch().toSeconds() + " s, while records flow all along: see in flight)";
      case MICROBATCH -> source + "(position = end of the last batch)";
      case CONTINUOUS -> source + "(position = end of the last committed epoch, every 1 s)";
    };
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

  /** Stops everything started, newest first; a failure to stop one thing does not skip the rest. */
  private void stopAll() {
    if (cleanup.isEmpty()) {
      return;
    }
    say("stopping: %s", String.join(", ", cleanup.stream().map(Step::what).map(w -> w.replaceAll(" /.*", "")).toList()));
    boolean clean = true;
    while (!cleanup.isEmpty()) {
      Step step = cleanup.pop();
      try {
        step.action().close();
      } catch (Exception | LinkageError e) {
        clean = false;
        say("could not stop %s: %s", step.what(), firstLine(e.toString()));
      }
    }
    say(clean ? "stopped; nothing left running" : "stopped, with the errors above");
  }

  private void say(String format, Object... args) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.printf(Locale.ROOT, "[%5.1fs] %s%n", seconds, String.format(Locale.ROOT, format, args));
    out.flush();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
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
