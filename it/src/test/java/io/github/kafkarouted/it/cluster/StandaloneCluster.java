package io.github.kafkarouted.it.cluster;

import io.github.kafkarouted.it.TempDirectories;
import io.github.kafkarouted.it.kafka.OwnerWatchingLauncher;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster made of real JVMs on 127.0.0.1, started from the jars Maven copied
 * (no Spark distribution needed): a master and {@code workers} workers of one core each, every
 * one a JVM of its own, and applications submitted with {@code SparkSubmit} in client mode (the
 * driver is a JVM of its own too). The workers launch executors the way a distribution's do, from
 * {@code SPARK_HOME/jars}.
 *
 * <p>{@code SPARK_HOME} is a directory under {@code runDir} whose {@code jars} links to the
 * Maven-copied jars and whose {@code conf} holds the log settings; workers also get
 * {@code SPARK_SCALA_VERSION} (set by a distribution's {@code bin/load-spark-env.sh}), without which
 * executors fail with "Cannot find any build directories". Every JVM runs under
 * {@link OwnerWatchingLauncher}, so none outlives the test JVM even if it is SIGKILLed;
 * {@link #close()} kills them all by PID. Not thread-safe, except {@link #close()} against the rest.
 */
final class StandaloneCluster implements AutoCloseable {
  static final String EXECUTOR_MAIN_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final String SCALA_BINARY_VERSION = "2.13";
  private static final String HOST = "127.0.0.1";
  private static final String DAEMON_HEAP = "256m";
  private static final String DRIVER_HEAP = "1g";
  private static final Duration START_WAIT = Duration.ofSeconds(60);
  private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
  private static final Pattern WORKER_REGISTERED = Pattern.compile("Successfully registered with master");

  private final Path runDir;
  private final Path sparkHome;
  private final List<String> jvmFlags;
  private final List<ClusterJvm> jvms = new CopyOnWriteArrayList<>();
  private final List<ClusterJvm> workers = new ArrayList<>();
  private String masterUrl;

  private StandaloneCluster(Path runDir, List<String> jvmFlags) {
    this.runDir = runDir;
    this.sparkHome = runDir.resolve("spark-home");
    this.jvmFlags = List.copyOf(jvmFlags);
  }

  /**
   * Starts a master and {@code workers} one-core workers with {@code workerMemory} for executors,
   * and waits until every worker has registered. The cluster's files go to a new directory under
   * {@code baseDir} (earlier runs' directories there are deleted: only the last is kept to read).
   *
   * @param sparkJars Spark's runtime jars, to become {@code SPARK_HOME/jars}
   * @param jvmFlags Spark's {@code --add-opens} flags for every JVM
   */
  static StandaloneCluster start(Path sparkJars, Path baseDir, List<String> jvmFlags, int workers, String workerMemory)
      throws InterruptedException {
    deleteEarlierRuns(baseDir);
    StandaloneCluster cluster = new StandaloneCluster(TempDirectories.create(baseDir, "run-"), jvmFlags);
    try {
      cluster.layOutSparkHome(sparkJars);
      cluster.startMasterAndWorkers(workers, workerMemory);
      return cluster;
    } catch (RuntimeException | InterruptedException | Error e) {
      cluster.close();
      throw e;
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  Path runDir() {
    return runDir;
  }

  /**
   * Runs {@code SparkSubmit} in client mode against this cluster in a JVM of its own (classpath:
   * Spark's jars only), with {@code submitArgs} between the master and the application jar.
   */
  ClusterJvm submit(List<String> submitArgs, Path appJar, String mainClass, List<String> appArgs) {
    List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client", "--class", mainClass));
    args.addAll(submitArgs);
    args.add(appJar.toString());
    args.addAll(appArgs);
    return launch("driver", DRIVER_HEAP, "org.apache.spark.deploy.SparkSubmit", args, false);
  }

  /** The executor JVMs running now, on all workers. */
  List<ProcessHandle> executorProcesses() {
    return workers.stream().flatMap(w -> w.childJvmsRunning(EXECUTOR_MAIN_CLASS).stream()).toList();
  }

  /** The JVM of the executor with Spark's id {@code executorId}, if it runs. */
  Optional<ProcessHandle> executorProcess(String executorId) {
    return executorProcesses().stream()
        .filter(p -> p.info().arguments().map(a -> isExecutor(List.of(a), executorId)).orElse(false))
        .findFirst();
  }

  private static boolean isExecutor(List<String> arguments, String executorId) {
    int flag = arguments.indexOf("--executor-id");
    return flag >= 0 && flag + 1 < arguments.size() && arguments.get(flag + 1).equals(executorId);
  }

  /** Every process of the cluster: its JVMs and what they started. */
  List<ProcessHandle> processes() {
    return jvms.stream().flatMap(j -> j.processTree().stream()).toList();
  }

  /** The end of every executor's stderr (workers write them under their work directories). */
  String executorLogTails() {
    StringBuilder tails = new StringBuilder();
    try (Stream<Path> files = Files.walk(runDir)) {
      for (Path stderr : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
        String text = Files.readString(stderr, StandardCharsets.UTF_8);
        tails.append("\n--- end of ").append(stderr).append(" ---\n")
            .append(text.length() <= 4000 ? text : text.substring(text.length() - 4000));
      }
    } catch (IOException | UncheckedIOException e) {
      tails.append("\n(could not read the executor logs: ").append(e).append(')');
    }
    return tails.toString();
  }

  /** Kills every JVM of the cluster and what it started (executors), driver first; waits until all are gone. */
  @Override
  public void close() {
    List<ClusterJvm> newestFirst = new ArrayList<>(jvms);
    Collections.reverse(newestFirst);
    newestFirst.forEach(ClusterJvm::destroyTree);
  }

  private void layOutSparkHome(Path sparkJars) {
    try {
      Files.createDirectories(sparkHome.resolve("conf"));
      // A link, not a copy: the jars are 300 MB.
      Files.createSymbolicLink(sparkHome.resolve("jars"), sparkJars.toAbsolutePath());
      Files.writeString(sparkHome.resolve("conf").resolve("log4j2.properties"), LOG4J2_PROPERTIES, StandardCharsets.UTF_8);
      OwnerWatchingLauncher.copyClassFileTo(launcherClasspath());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not lay out SPARK_HOME in " + sparkHome, e);
    }
  }

  private void startMasterAndWorkers(int workerCount, String workerMemory) throws InterruptedException {
    // Port 0 everywhere: the OS picks free ports, read back from the logs. No REST server (fixed port 6066).
    ClusterJvm master =
        launch("master", DAEMON_HEAP, "org.apache.spark.deploy.master.Master",
            List.of("--host", HOST, "--port", "0", "--webui-port", "0"), true);
    masterUrl = master.awaitLog(MASTER_URL, START_WAIT).group(1);
    for (int i = 1; i <= workerCount; i++) {
      Path workDir = runDir.resolve("work-" + i);
      List<String> args =
          List.of("--host", HOST, "--port", "0", "--webui-port", "0", "--cores", "1",
              "--memory", workerMemory, "--work-dir", workDir.toString(), masterUrl);
      workers.add(launch("worker-" + i, DAEMON_HEAP, "org.apache.spark.deploy.worker.Worker", args, true));
    }
    for (ClusterJvm worker : workers) {
      worker.awaitLog(WORKER_REGISTERED, START_WAIT);
    }
  }

  private ClusterJvm launch(String name, String heap, String mainClass, List<String> args, boolean daemon) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    if (daemon) {
      // The master and workers only exchange messages: the quick JIT and GC are plenty, and leave CPU to the rest.
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-XX:+UseSerialGC");
      command.add("-Dspark.master.rest.enabled=false");
    }
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(String.join(File.pathSeparator,
        launcherClasspath().toString(), sparkHome.resolve("conf").toString(), sparkHome.resolve("jars").resolve("*").toString()));
    command.add(OwnerWatchingLauncher.class.getName());
    command.add(String.valueOf(ProcessHandle.current().pid()));
    command.add(mainClass);
    command.addAll(args);
    ClusterJvm jvm = ClusterJvm.start(name, command, environment(), runDir.resolve(name + ".log"));
    jvms.add(jvm);
    return jvm;
  }

  private Map<String, String> environment() {
    return Map.of(
        "SPARK_HOME", sparkHome.toString(),
        "SPARK_CONF_DIR", sparkHome.resolve("conf").toString(),
        "SPARK_SCALA_VERSION", SCALA_BINARY_VERSION,
        "SPARK_LOCAL_IP", HOST);
  }

  private Path launcherClasspath() {
    return runDir.resolve("launcher");
  }

  private static void deleteEarlierRuns(Path baseDir) {
    if (!Files.isDirectory(baseDir)) {
      return;
    }
    try (Stream<Path> runs = Files.list(baseDir)) {
      runs.filter(d -> d.getFileName().toString().startsWith("run-")).forEach(TempDirectories::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + baseDir, e);
    }
  }

  /** Spark at WARN, except the deploy messages this class waits for and the plugin's own INFO lines. */
  private static final String LOG4J2_PROPERTIES =
      String.join(
          "\n",
          "rootLogger.level = WARN",
          "rootLogger.appenderRef.console.ref = console",
          "appender.console.type = Console",
          "appender.console.name = console",
          "appender.console.target = SYSTEM_ERR",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
          "logger.deploy.name = org.apache.spark.deploy",
          "logger.deploy.level = INFO",
          "logger.kafkarouted.name = io.github.kafkarouted",
          "logger.kafkarouted.level = INFO",
          "");
}
