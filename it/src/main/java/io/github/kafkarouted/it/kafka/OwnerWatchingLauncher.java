package io.github.kafkarouted.it.kafka;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Main class of the broker JVM: watches the JVM that started it and runs {@code kafka.Kafka}.
 * When the owner exits, however it died (even {@code kill -9}), the broker exits too, through
 * Kafka's own shutdown hook, so a killed test run does not leave a broker behind.
 *
 * <p>Usage: {@code OwnerWatchingLauncher <owner pid> <main class> <args...>}. This class is copied
 * as a single class file onto the broker's classpath: it must use only the JDK and must not have
 * nested or anonymous classes. Runs once per broker JVM; no shared state.
 */
final class OwnerWatchingLauncher {
  /** Exit status when the owner is gone; distinct from Kafka's own statuses. */
  static final int OWNER_GONE_STATUS = 75;

  private static final long HALT_AFTER_MS = 20_000;

  private OwnerWatchingLauncher() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: OwnerWatchingLauncher <owner pid> <main class> <args...>");
    }
    Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(args[0]));
    if (owner.isEmpty()) {
      System.err.println("Owner process " + args[0] + " is gone; not starting " + args[1]);
      System.exit(OWNER_GONE_STATUS);
    }
    owner.get().onExit().thenRun(() -> exitBecauseOwnerIsGone(args[0]));
    try {
      Class.forName(args[1])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitBecauseOwnerIsGone(String ownerPid) {
    System.err.println("Owner process " + ownerPid + " exited; stopping the broker");
    // System.exit runs Kafka's shutdown hook; halt if that hangs.
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
