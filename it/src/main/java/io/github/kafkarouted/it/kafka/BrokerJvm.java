package io.github.kafkarouted.it.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka JVM (the storage formatter or the broker) started from the broker jars with
 * {@link ProcessBuilder}, its output appended to a log file. Stops by PID: SIGTERM, then SIGKILL
 * after a grace period. Thread-safe: the process handle is immutable and {@link Process} is safe
 * to query from several threads.
 */
final class BrokerJvm {
  private final Process process;
  private final Path logFile;

  private BrokerJvm(Process process, Path logFile) {
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * The {@code java} command for {@code mainClass} with the broker jars (and extra entries) on the
   * classpath. {@code oneShot}: a tool that runs for a second or two (the storage formatter), whose
   * time is all start-up.
   */
  static List<String> javaCommand(
      Path brokerLibs,
      List<Path> extraClasspath,
      String heap,
      boolean oneShot,
      Path log4jConfig,
      String mainClass,
      List<String> args) {
    String javaBinary = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    StringBuilder classpath = new StringBuilder(brokerLibs.resolve("*").toString());
    extraClasspath.forEach(entry -> classpath.append(File.pathSeparator).append(entry));
    List<String> command = new ArrayList<>();
    command.add(javaBinary);
    command.add("-Xmx" + heap);
    if (oneShot) {
      // Runs before every broker start (some 40 per CI run): the C1-only JIT and the serial GC
      // start faster, and nothing runs long enough for the optimizing JIT to pay off.
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-XX:+UseSerialGC");
    } else {
      // Kafka's own launcher flags (kafka-run-class.sh), minus the ones for JMX and GC logs.
      command.add("-XX:+UseG1GC");
      command.add("-XX:MaxGCPauseMillis=20");
      command.add("-XX:InitiatingHeapOccupancyPercent=35");
      command.add("-XX:+ExplicitGCInvokesConcurrent");
    }
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Djava.awt.headless=true");
    command.add("-Dlog4j2.configurationFile=" + log4jConfig.toUri());
    command.add("-cp");
    command.add(classpath.toString());
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Starts the command in {@code workDir}, stdout and stderr appended to {@code logFile}. */
  static BrokerJvm start(List<String> command, Path workDir, Path logFile) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    try {
      BrokerJvm jvm = new BrokerJvm(builder.start(), logFile);
      jvm.process.getOutputStream().close();
      return jvm;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + command.get(0), e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Exit status, or -1 while it runs. */
  int exitValueOrMinusOne() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** Waits for the process to exit by itself; false if it still runs after {@code timeout}. */
  boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, and SIGKILL if it has not exited after {@code grace}; returns once it is gone. */
  void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!awaitExit(grace)) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(10));
    }
  }

  /** The last lines of the log, for exception messages. */
  String logTail(int lines) {
    return tail(logFile, lines);
  }

  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no log at " + file + ")";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(could not read " + file + ": " + e + ")";
    }
  }
}
