package io.github.kafkarouted.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One life of a Spark driver JVM ({@link CrashablePipelineMain}) launched with this JVM's
 * classpath and Spark's {@code --add-opens} flags (the parent pom's {@code spark.jvm.opens}, passed
 * by failsafe as a system property; else this JVM's own flags). Output is appended to a log file
 * shared by all lives. Not thread-safe.
 */
final class DriverProcess {

  private static final String OPENS_PROPERTY = "spark.jvm.opens";

  private final Process process;
  private final Path log;
  private final long logStart;
  private final long startedNanos;

  private DriverProcess(Process process, Path log, long logStart, long startedNanos) {
    this.process = process;
    this.log = log;
    this.logStart = logStart;
    this.startedNanos = startedNanos;
  }

  /** Launches {@code mainClass} with {@code args}, output appended to {@code log}. */
  static DriverProcess start(Class<?> mainClass, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // Each life is short (seconds to a minute) and the crash tests start one per kill, on a 2-core
    // CI machine: start-up dominates. The C1-only JIT compiles fast and leaves CPU to Spark's
    // start-up and to the test JVM and broker; the serial GC starts no GC threads.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.addAll(sparkJvmFlags());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      long start = Files.exists(log) ? Files.size(log) : 0;
      long startedNanos = System.nanoTime();
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      p.getOutputStream().close();
      return new DriverProcess(p, log, start, startedNanos);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + mainClass.getName(), e);
    }
  }

  private static List<String> sparkJvmFlags() {
    String opens = System.getProperty(OPENS_PROPERTY);
    if (opens != null && !opens.isBlank()) {
      return Arrays.asList(opens.trim().split("\\s+"));
    }
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
        .toList();
  }

  /** Waits until this life printed {@code marker}; fails with the log if it died or took too long. */
  void awaitOutput(String marker, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(marker)) {
      if (!process.isAlive()) {
        throw new AssertionError("The driver exited with status " + process.exitValue()
            + " before printing " + marker + ":\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The driver did not print " + marker + " within " + timeout + ":\n" + tail());
      }
      Thread.sleep(100);
    }
    // In the test's output, to see where a crash test's time goes (mostly these start-ups).
    System.out.printf("DRIVER %s printed %s %d ms after its launch%n",
        log.getFileName(), marker, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("The driver survived SIGKILL for 30 s");
    }
  }

  /** This life's output so far. */
  String output() {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logStart, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** How many times this life printed {@code marker}. */
  int occurrences(String marker) {
    String out = output();
    int n = 0;
    for (int i = out.indexOf(marker); i >= 0; i = out.indexOf(marker, i + marker.length())) {
      n++;
    }
    return n;
  }

  String tail() {
    String out = output();
    return out.length() <= 6000 ? out : out.substring(out.length() - 6000);
  }
}
