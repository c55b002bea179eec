package io.github.kafkarouted.it.kafka;

import io.github.kafkarouted.it.TempDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks each broker directory with the PID of the JVM that owns it and of the broker JVM, and
 * removes directories (killing their broker if it still runs) whose owner is gone: what a test
 * JVM killed with SIGKILL leaves behind. Directories of live owners, such as another build running
 * at the same time, are never touched. Stateless and thread-safe.
 */
final class StaleBrokerReaper {
  static final String DIR_PREFIX = "kafka-routed-broker-";
  private static final String OWNER_FILE = "owner.pid";
  private static final String BROKER_FILE = "broker.pid";
  /** A directory without an owner file may be one being created right now. */
  private static final Duration UNMARKED_GRACE = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(StaleBrokerReaper.class);

  private StaleBrokerReaper() {}

  /** Records this JVM as the owner of {@code dir}. */
  static void markOwner(Path dir) throws IOException {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    Files.writeString(dir.resolve(OWNER_FILE), self.pid() + " " + started + "\n", StandardCharsets.UTF_8);
  }

  /** Records the broker JVM's PID in {@code dir}. */
  static void markBroker(Path dir, long pid) throws IOException {
    Files.writeString(dir.resolve(BROKER_FILE), pid + "\n", StandardCharsets.UTF_8);
  }

  /** Reaps every stale broker directory directly under {@code baseDir}; failures are logged, not thrown. */
  static void reap(Path baseDir) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(baseDir, DIR_PREFIX + "*")) {
      for (Path dir : dirs) {
        try {
          if (isStale(dir)) {
            reapOne(dir);
          }
        } catch (IOException | RuntimeException e) {
          LOG.warn("Could not reap stale broker directory {}: {}", dir, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not list {} for stale brokers: {}", baseDir, e.toString());
    }
  }

  private static boolean isStale(Path dir) throws IOException {
    Path ownerFile = dir.resolve(OWNER_FILE);
    if (!Files.exists(ownerFile)) {
      Instant modified = Files.getLastModifiedTime(dir).toInstant();
      return modified.plus(UNMARKED_GRACE).isBefore(Instant.now());
    }
    String[] owner = Files.readString(ownerFile, StandardCharsets.UTF_8).trim().split(" ");
    Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(owner[0]));
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return true;
    }
    long recordedStart = owner.length > 1 ? Long.parseLong(owner[1]) : 0L;
    long actualStart = handle.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    // The PID was reused by another process if the start times differ (ms rounding aside).
    return recordedStart != 0 && actualStart != 0 && Math.abs(recordedStart - actualStart) > 1000;
  }

  private static void reapOne(Path dir) throws IOException {
    Path brokerFile = dir.resolve(BROKER_FILE);
    if (Files.exists(brokerFile)) {
      long pid = Long.parseLong(Files.readString(brokerFile, StandardCharsets.UTF_8).trim());
      ProcessHandle.of(pid)
          .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
          .ifPresent(
              broker -> {
                LOG.info("Killing stale broker JVM {} of {}", pid, dir);
                broker.destroyForcibly();
                broker.onExit().completeOnTimeout(broker, 10, TimeUnit.SECONDS).join();
              });
    }
    LOG.info("Deleting stale broker directory {}", dir);
    TempDirectories.delete(dir);
  }
}
