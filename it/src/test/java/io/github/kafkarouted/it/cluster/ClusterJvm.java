package io.github.kafkarouted.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One JVM of the standalone cluster (the master, a worker, or the {@code spark-submit} driver),
 * its stdout and stderr in a log file. It runs under {@code OwnerWatchingLauncher}, so it exits when
 * the test JVM dies; {@link #destroyTree()} kills it and every process it started (a worker's
 * executors) by PID. Thread-safe: {@link Process} and {@link ProcessHandle} may be used from
 * several threads, and the log is only read.
 */
final class ClusterJvm {
  private static final Duration EXIT_WAIT = Duration.ofSeconds(20);
  private static final int TAIL_CHARS = 12_000;
  private static final int MAX_EXCEPTION_LINES = 8;

  private final String name;
  private final Process process;
  private final Path log;

  private ClusterJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with {@code environment} added, output to {@code log}. */
  static ClusterJvm start(String name, List<String> command, Map<String, String> environment, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      return new ClusterJvm(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the " + name + " JVM", e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** This JVM and every process it started that still runs. */
  List<ProcessHandle> processTree() {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    process.descendants().forEach(tree::add);
    return tree;
  }

  /** The JVMs this one started whose command line names {@code mainClass} (a worker's executors). */
  List<ProcessHandle> childJvmsRunning(String mainClass) {
    return process.descendants()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(mainClass)).orElse(false))
        .toList();
  }

  /**
   * Waits until the log has a line matching {@code pattern} and returns the match; fails with the
   * log's end if the JVM exits first or nothing matches within {@code timeout}.
   */
  Matcher awaitLog(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher matcher = pattern.matcher(logText());
      if (matcher.find()) {
        return matcher;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with status " + process.exitValue()
            + " before logging /" + pattern + "/" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not log /" + pattern + "/ within " + timeout + tail());
      }
      Thread.sleep(100);
    }
  }

  /** Waits for the JVM to exit by itself and returns its status; fails with the log's end if it does not. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still runs after " + timeout + tail());
    }
    return process.exitValue();
  }

  /** The exit status of a JVM that has exited (or is exiting), -1 if it still runs after a few seconds. */
  int awaitExitQuietly() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * The log's exception headlines ({@code Exception in thread ...} and {@code Caused by: ...}
   * lines, each once), to put the cause of a failure first in its message.
   */
  String exceptionSummary() {
    return logText()
        .lines()
        .filter(line -> line.startsWith("Exception in thread") || line.startsWith("Caused by:"))
        .distinct()
        .limit(MAX_EXCEPTION_LINES)
        .collect(Collectors.joining("\n"));
  }

  /** SIGKILLs the processes this JVM started, then this JVM, and waits until all are gone. */
  void destroyTree() {
    List<ProcessHandle> tree = processTree();
    // Children first: a worker that dies first would leave its executors to the init process.
    for (int i = tree.size() - 1; i >= 0; i--) {
      tree.get(i).destroyForcibly();
    }
    for (ProcessHandle p : tree) {
      p.onExit().completeOnTimeout(p, EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }
  }

  /** The whole log so far (empty if it cannot be read yet). */
  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The end of the log, for failure messages. */
  String tail() {
    String text = logText();
    String end = text.length() <= TAIL_CHARS ? text : text.substring(text.length() - TAIL_CHARS);
    return "\n--- end of " + log + " ---\n" + end;
  }
}
