package io.github.kafkarouted.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.it.cluster.app.ClusterApp;
import io.github.kafkarouted.it.cluster.app.Phase;
import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin on a real Spark standalone cluster, deployed as users deploy it: a master and two
 * one-core workers in JVMs of their own ({@link StandaloneCluster}, from the Maven-copied Spark
 * jars), executors launched by the workers, and {@link ClusterApp} submitted with
 * {@code SparkSubmit} with the plugin jar and Spark's Kafka connector on {@code --jars} and the lag
 * listener in {@code spark.extraListeners}. No cluster JVM has the plugin on its classpath: a
 * class missing from the plugin jar, a serialization or per-executor-state bug fails here.
 *
 * <p>The app runs, over the same 2-partition input, a micro-batch {@code format("kafka-routed")}
 * query (one executor is SIGKILLed while it runs a task; nothing may be lost, duplicates may
 * appear), Real-Time Mode with the ForeachWriter and with the DSv2 sink, and a batch write; each
 * must put every row on its route or, as NO_ROUTE, in the DLQ. The lag listener must have read the
 * brokers' end offsets on the driver. The lag plugin ({@code spark.plugins}) runs too: its executor
 * side, in the executor JVMs, sends the Kafka consumers' positions and the sink's live counters
 * over Spark's RPC; in the Real-Time Mode ForeachWriter phase the driver must show a live position
 * for every partition (all rows read) and the executors' count of input rows.
 *
 * <p>Settings (failsafe passes them): {@value #SPARK_JARS}, {@value #KAFKA_CONNECTOR_JARS},
 * {@value #PLUGIN_JAR} (point it at a modified copy to see the test fail), {@value #RUN_DIR}.
 */
class StandaloneClusterIntegrationTest {
  static final String SPARK_JARS = "cluster.it.spark.jars";
  static final String KAFKA_CONNECTOR_JARS = "cluster.it.kafka.connector.jars";
  static final String PLUGIN_JAR = "cluster.it.plugin.jar";
  static final String RUN_DIR = "cluster.it.dir";

  private static final int ROWS = 600;
  private static final int PARTITIONS = 2;
  private static final ClusterInput INPUT = new ClusterInput(ROWS);
  private static final Duration SUBMIT_WAIT = Duration.ofSeconds(120);
  private static final Duration PHASE_WAIT = Duration.ofSeconds(120);
  /** The third task start is the first task of the second micro-batch: the query is well under way. */
  private static final int TASK_STARTS_BEFORE_KILL = 3;
  /**
   * How long after its start the task's executor is killed: about half of the task (50 rows at
   * {@link ClusterApp#MICRO_BATCH_PAUSE_MS_PER_ROW}), so that it has sent part of its rows.
   */
  private static final Duration KILL_INTO_TASK = Duration.ofMillis(800);

  private static KafkaTestCluster kafka;
  private static StandaloneCluster cluster;
  private static long startedNanos;

  @BeforeAll
  static void startKafkaAndCluster() throws InterruptedException {
    startedNanos = System.nanoTime();
    kafka = KafkaTestCluster.fromSystemProperties();
    cluster =
        StandaloneCluster.start(
            setting(SPARK_JARS), setting(RUN_DIR), sparkJvmFlags(), ClusterApp.EXECUTORS, "1g");
    System.out.printf("Standalone cluster %s up after %.1f s%n", cluster.masterUrl(), secondsSince(startedNanos));
  }

  @AfterAll
  static void stopClusterAndKafka() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      cluster = null;
      if (kafka != null) {
        kafka.close();
      }
      kafka = null;
      System.out.printf("StandaloneClusterIntegrationTest took %.1f s%n", secondsSince(startedNanos));
    }
  }

  @Test
  void everyRowReachesItsRouteOrTheDeadLetterTopicUnderEveryTriggerThoughAnExecutorIsKilled() throws Exception {
    String source = kafka.createUniqueTopic("cluster-events", PARTITIONS);
    String prefix = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    for (Phase phase : Phase.values()) {
      for (String topic : INPUT.expectedKeys(phase, prefix).keySet()) {
        kafka.createTopic(topic, PARTITIONS);
      }
    }
    INPUT.produceTo(kafka, source);
    Path controlDir = Files.createDirectories(cluster.runDir().resolve("control"));

    ClusterJvm driver =
        cluster.submit(submitOptions(), appJar(cluster.runDir()), ClusterApp.class.getName(), appArgs(source, prefix, controlDir));

    checkMicroBatchLosingAnExecutor(driver, prefix, controlDir);
    checkRealTime(driver, Phase.REAL_TIME_FOREACH, prefix, controlDir);
    checkRealTime(driver, Phase.REAL_TIME_DSV2, prefix, controlDir);
    checkBatch(driver, prefix);

    awaitMarker(driver, "app-finished", PHASE_WAIT);
    assertEquals(0, driver.awaitExit(PHASE_WAIT), "spark-submit's exit status" + driver.tail());
    assertClusterTornDownByPid();
  }

  /**
   * The micro-batch phase: SIGKILLs an executor while it runs a task; every row must still arrive
   * (duplicates allowed), and the lag listener must have tracked the query on the driver.
   */
  private static void checkMicroBatchLosingAnExecutor(ClusterJvm driver, String prefix, Path controlDir)
      throws Exception {
    long phaseStart = System.nanoTime();
    awaitMarker(driver, "phase-started phase=" + Phase.MICRO_BATCH.id(), SUBMIT_WAIT);
    long killedPid = killAnExecutorRunningATask(driver);
    ClusterInput.OutputCounts output =
        INPUT.awaitOutput(kafka, Phase.MICRO_BATCH, prefix, PHASE_WAIT, true, () -> assertRunning(driver));
    Files.createFile(controlDir.resolve(Phase.MICRO_BATCH.stopFileName()));
    Matcher lag = awaitMarker(driver, "lag partitions=(\\d+) latestOffsets=(\\d+) consumedOffsets=(\\d+)", PHASE_WAIT);
    Matcher stopped =
        awaitMarker(driver, "phase-stopped phase=" + Phase.MICRO_BATCH.id() + " tasksLostWithExecutor=(\\d+)", PHASE_WAIT);
    assertTrue(Integer.parseInt(stopped.group(1)) >= 1, "the killed executor was running a task" + driver.tail());
    assertFalse(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false), "the killed executor is gone");
    assertEquals(PARTITIONS, Integer.parseInt(lag.group(1)), "partitions the lag listener tracks");
    assertEquals(ROWS, Long.parseLong(lag.group(2)), "end offsets the lag listener read from the broker");
    assertTrue(driver.logText().contains("Opening Admin client for lag metrics"), "the listener's log line on the driver");
    report(Phase.MICRO_BATCH, phaseStart, output, "executor JVM " + killedPid + " SIGKILLed, " + stopped.group(1)
        + " task(s) lost with it");
  }

  /** A Real-Time Mode phase: every row exactly once, then the test stops the query. */
  private static void checkRealTime(ClusterJvm driver, Phase phase, String prefix, Path controlDir) throws Exception {
    long phaseStart = System.nanoTime();
    awaitMarker(driver, "phase-started phase=" + phase.id(), PHASE_WAIT);
    ClusterInput.OutputCounts output = INPUT.awaitOutput(kafka, phase, prefix, PHASE_WAIT, false, () -> assertRunning(driver));
    Files.createFile(controlDir.resolve(phase.stopFileName()));
    String details = "";
    if (phase == Phase.REAL_TIME_FOREACH) {
      // The lag plugin's executor side, in the executor JVMs, sent these over Spark's RPC.
      Matcher live =
          awaitMarker(driver, "live livePartitions=(\\d+) consumedOffsets=(\\d+) sinkRowsIn=(\\d+)", PHASE_WAIT);
      assertEquals(PARTITIONS, Integer.parseInt(live.group(1)), "partitions with live positions" + driver.tail());
      assertEquals(ROWS, Long.parseLong(live.group(2)), "live positions: every row read" + driver.tail());
      assertTrue(Long.parseLong(live.group(3)) >= ROWS, "the executors' live count of input rows" + driver.tail());
      details = "live positions of " + live.group(1) + " partitions and " + live.group(3) + " rows counted, from the executors";
    }
    awaitMarker(driver, "phase-stopped phase=" + phase.id(), PHASE_WAIT);
    report(phase, phaseStart, output, details);
  }

  /** The batch write: once it returned, every row is there exactly once. */
  private static void checkBatch(ClusterJvm driver, String prefix) throws InterruptedException {
    long phaseStart = System.nanoTime();
    awaitMarker(driver, "phase-stopped phase=" + Phase.BATCH.id(), PHASE_WAIT);
    ClusterInput.OutputCounts output = INPUT.awaitOutput(kafka, Phase.BATCH, prefix, Duration.ZERO, false, () -> {});
    report(Phase.BATCH, phaseStart, output, "");
  }

  /**
   * Waits for the app's {@code TASK_STARTS_BEFORE_KILL}-th task start and, {@link
   * #KILL_INTO_TASK} later, SIGKILLs the JVM of the executor running that task (a child of a
   * worker JVM, found by its {@code --executor-id}); returns its PID.
   */
  private static long killAnExecutorRunningATask(ClusterJvm driver) throws InterruptedException {
    Pattern taskStarted = marker("task-started executor=(\\S+)");
    long deadline = System.nanoTime() + PHASE_WAIT.toNanos();
    List<String> executors = new ArrayList<>();
    while (executors.size() < TASK_STARTS_BEFORE_KILL) {
      assertRunning(driver);
      assertTrue(System.nanoTime() < deadline, "fewer than " + TASK_STARTS_BEFORE_KILL + " tasks started" + driver.tail());
      Thread.sleep(20);
      executors.clear();
      Matcher m = taskStarted.matcher(driver.logText());
      while (m.find()) {
        executors.add(m.group(1));
      }
    }
    String executorId = executors.get(TASK_STARTS_BEFORE_KILL - 1);
    ProcessHandle executor =
        cluster.executorProcess(executorId)
            .orElseThrow(() -> new AssertionError("No JVM for executor " + executorId + " among " + cluster.executorProcesses()));
    Thread.sleep(KILL_INTO_TASK.toMillis());
    executor.destroyForcibly();
    executor.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    System.out.printf("SIGKILLed executor %s (PID %d) while it ran a task%n", executorId, executor.pid());
    return executor.pid();
  }

  /** Kills the cluster by PID, as {@code @AfterAll} would, and checks that no process of it survives. */
  private static void assertClusterTornDownByPid() {
    List<ProcessHandle> processes = cluster.processes();
    assertTrue(processes.size() >= 4, "master, workers, driver and executors: " + processes);
    cluster.close();
    List<ProcessHandle> survivors = processes.stream().filter(ProcessHandle::isAlive).toList();
    assertEquals(List.of(), survivors, "cluster processes alive after close");
  }

  private static List<String> submitOptions() throws IOException {
    String connectorJars;
    try (Stream<Path> jars = Files.list(setting(KAFKA_CONNECTOR_JARS))) {
      connectorJars = jars.map(Path::toString).sorted().collect(Collectors.joining(","));
    }
    Path pluginJar = setting(PLUGIN_JAR);
    assertTrue(Files.isRegularFile(pluginJar), pluginJar + " is missing: build the bundle module first");
    return List.of(
        "--name", "kafka-routed-cluster-it",
        "--jars", pluginJar + "," + connectorJars,
        "--conf", "spark.executor.cores=1",
        "--conf", "spark.cores.max=" + ClusterApp.EXECUTORS,
        "--conf", "spark.executor.memory=768m",
        "--conf", "spark.extraListeners=io.github.kafkarouted.lag.KafkaLagListener",
        // The plugin too: its executor side runs in the executor JVMs, shipped by --jars.
        "--conf", "spark.plugins=io.github.kafkarouted.lag.KafkaLagPlugin",
        "--conf", "spark.kafkaRouted.lag.executor.sampleInterval=500ms",
        "--conf", "spark.kafkaRouted.lag.pollInterval=1s",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.sql.shuffle.partitions=" + PARTITIONS);
  }

  private static List<String> appArgs(String source, String prefix, Path controlDir) {
    List<String> args = new ArrayList<>(List.of(source, prefix, controlDir.toString()));
    kafka.sparkKafkaOptions().forEach((key, value) -> args.add(key + "=" + value));
    return args;
  }

  /**
   * A jar of the app's package only, from the test classes: the plugin's classes must reach the
   * executors from the plugin jar alone.
   */
  private static Path appJar(Path dir) throws IOException, URISyntaxException {
    Path classes = Paths.get(ClusterApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String packageDir = ClusterApp.class.getPackageName().replace('.', '/');
    Path jar = dir.resolve("cluster-app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.list(classes.resolve(packageDir))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        out.putNextEntry(new JarEntry(packageDir + "/" + file.getFileName()));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static void assertRunning(ClusterJvm driver) {
    if (!driver.isAlive()) {
      throw new AssertionError("The app exited with status " + driver.awaitExitQuietly() + " before the test was done:\n"
          + driver.exceptionSummary() + driver.tail() + cluster.executorLogTails());
    }
  }

  private static Matcher awaitMarker(ClusterJvm driver, String event, Duration timeout) throws InterruptedException {
    try {
      return driver.awaitLog(marker(event), timeout);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + cluster.executorLogTails(), e);
    }
  }

  private static Pattern marker(String event) {
    return Pattern.compile(Pattern.quote(ClusterApp.MARKER) + " " + event);
  }

  private static void report(Phase phase, long startNanos, ClusterInput.OutputCounts output, String details) {
    System.out.printf("%s: %d rows in, every one on its route or the DLQ (%s), lost 0, %.1f s%s%n",
        phase.id(), ROWS, output, secondsSince(startNanos), details.isEmpty() ? "" : "; " + details);
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static Path setting(String property) {
    String value = System.getProperty(property);
    assertTrue(value != null && !value.isBlank(), "-D" + property + " is not set (failsafe sets it in it/pom.xml)");
    return Paths.get(value);
  }

  /** Spark's {@code --add-opens} flags: the parent pom's {@code spark.jvm.opens}, passed by failsafe. */
  private static List<String> sparkJvmFlags() {
    String opens = System.getProperty("spark.jvm.opens", "");
    return opens.isBlank() ? List.of() : Arrays.asList(opens.trim().split("\\s+"));
  }
}
