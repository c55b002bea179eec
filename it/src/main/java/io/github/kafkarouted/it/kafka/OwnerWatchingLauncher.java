package io.github.kafkarouted.it.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Main class of a JVM that tests start and that must not outlive them (the broker JVM, the Spark
 * standalone cluster's master, workers and driver): watches the JVM that started it and runs the
 * real main class ({@code kafka.Kafka}, Spark's {@code Master}...). When the owner exits, however
 * it died (even {@code kill -9}), this JVM exits too, through the real program's own shutdown
 * hooks, so a killed test run does not leave a broker or a cluster behind.
 *
 * <p>Usage: {@code OwnerWatchingLauncher <owner pid> <main class> <args...>}. This class is copied
 * as a single class file onto the launched JVM's classpath ({@link #copyClassFileTo}): it must use
 * only the JDK and must not have nested or anonymous classes. Runs once per JVM; no shared state.
 */
public final class OwnerWatchingLauncher {
  /** Exit status when the owner is gone; distinct from Kafka's and Spark's own statuses. */
  public static final int OWNER_GONE_STATUS = 75;

  private static final long HALT_AFTER_MS = 20_000;

  private OwnerWatchingLauncher() {}

  /**
   * Copies this class's class file under {@code classpathRoot}, in its package directory, so that
   * {@code classpathRoot} on a JVM's classpath makes this class its main class.
   */
  public static void copyClassFileTo(Path classpathRoot) throws IOException {
    String fileName = OwnerWatchingLauncher.class.getSimpleName() + ".class";
    Path target =
        classpathRoot
            .resolve(OwnerWatchingLauncher.class.getPackageName().replace('.', '/'))
            .resolve(fileName);
    Files.createDirectories(target.getParent());
    try (InputStream in = OwnerWatchingLauncher.class.getResourceAsStream(fileName)) {
      Files.copy(Objects.requireNonNull(in, "class file of " + OwnerWatchingLauncher.class.getName()), target);
    }
  }

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: OwnerWatchingLauncher <owner pid> <main class> <args...>");
    }
    Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(args[0]));
    if (owner.isEmpty()) {
      System.err.println("Owner process " + args[0] + " is gone; not starting " + args[1]);
      System.exit(OWNER_GONE_STATUS);
    }
    owner.get().onExit().thenRun(() -> exitBecauseOwnerIsGone(args[0], args[1]));
    try {
      Class.forName(args[1])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitBecauseOwnerIsGone(String ownerPid, String mainClass) {
    System.err.println("Owner process " + ownerPid + " exited; stopping " + mainClass);
    // System.exit runs the program's shutdown hooks; halt if they hang.
    Thread halter = new Thread(() -> sleepThenHalt(), "owner-gone-halter");
    halter.setDaemon(true);
    halter.start();
    System.exit(OWNER_GONE_STATUS);
  }

  private static void sleepThenHalt() {
    try {
      Thread.sleep(HALT_AFTER_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(OWNER_GONE_STATUS);
  }
}
