package io.github.kafkarouted.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkarouted.dlq.delta.DeadLetterStaging;
import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import io.github.kafkarouted.it.reliability.CrashEvents.Destination;
import io.github.kafkarouted.it.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #8 with a real crash: a micro-batch query, Kafka (4 partitions) to {@code kafka-routed}
 * with three routes, strict validation and {@code dlq.delta.path}, runs in a child JVM ({@link
 * CrashablePipelineMain}, mode {@value CrashablePipelineMain#MICRO_BATCH_DELTA}) that is killed
 * with SIGKILL several times and restarted from the same checkpoint, then a last driver drains the
 * input. Every dead letter must be in the Delta table exactly once (Delta's {@code
 * txnAppId}/{@code txnVersion} skip the append of a batch replayed after a crash between the Delta
 * commit and Spark's commit log), every good event on its route topic (duplicates allowed: Kafka
 * output is at-least-once), and no staging directory of a committed batch left behind.
 *
 * <p>Odd kills land at a random point 4-12 s after the query started; even kills wait for that,
 * then for the next Delta commit, and kill at once: aimed at the window between the Delta commit of
 * a batch and Spark's commit log, the one where a non-idempotent append would duplicate dead
 * letters. At each kill the test prints the last batch in Spark's commit log and the last batch
 * appended to Delta (its {@code txn} version), so a kill in that window shows as Delta ahead.
 *
 * <p>{@code reliability.delta.crash.kills} sets the number of kills: default 2, one of each kind (a
 * random kill, then an aimed one); each more costs a driver start-up of some 10 s on the 2-core CI
 * machine, so the default keeps CI within its budget, and a longer run can ask for more (4 was the
 * default before).
 *
 * <p>Driver logs go to {@code target/reliability/delta-dlq-crash.log}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DeltaDeadLetterCrashIntegrationTest {

  private static final int PARTITIONS = 4;
  private static final int EVENTS = Integer.getInteger("reliability.delta.crash.events", 16_000);
  private static final int KILLS = Integer.getInteger("reliability.delta.crash.kills", 2);
  private static final Duration MIN_LIFE = Duration.ofSeconds(4);
  private static final Duration MAX_LIFE = Duration.ofSeconds(12);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Path LOGS = Paths.get("target", "reliability");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KafkaTestCluster kafka;

  @TempDir Path tmp;

  @BeforeAll
  static void startKafka() {
    kafka = KafkaTestCluster.fromSystemProperties();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void eachDeadLetterIsInDeltaExactlyOnceAfterDriverKills() throws Exception {
    long started = System.nanoTime();
    String source = kafka.createUniqueTopic("delta-crash-src", PARTITIONS);
    String urgent = kafka.createUniqueTopic("delta-crash-urgent", 2);
    String errors = kafka.createUniqueTopic("delta-crash-errors", 2);
    String standard = kafka.createUniqueTopic("delta-crash-standard", 2);
    String noDlqTopic = kafka.createUniqueTopic("delta-crash-no-dlq-topic", 1);
    Path table = tmp.resolve("dead_letters");
    Path checkpoint = tmp.resolve("checkpoint");
    CheckpointLog log = new CheckpointLog(checkpoint, source);
    List<String> args =
        List.of(CrashablePipelineMain.MICRO_BATCH_DELTA, Long.toString(ProcessHandle.current().pid()),
            kafka.bootstrapServers(), source, urgent, errors, standard, table.toString(), checkpoint.toString());
    Path driverLog = LOGS.resolve("delta-dlq-crash.log");
    Random random = new Random();

    // All input first (it is small): batches of maxOffsetsPerTrigger then run back to back.
    CrashEvents events = new CrashEvents(kafka.clientProperties(), source, EVENTS, PARTITIONS, 20_000);
    events.start();
    events.awaitAcknowledged(Duration.ofMinutes(2));

    int sparkRestarts = 0;
    int deltaAhead = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      DriverProcess driver = DriverProcess.start(CrashablePipelineMain.class, args, driverLog);
      driver.awaitOutput(CrashablePipelineMain.STARTED, START_TIMEOUT);
      long life = MIN_LIFE.toMillis() + (long) (random.nextDouble() * (MAX_LIFE.toMillis() - MIN_LIFE.toMillis()));
      Thread.sleep(life);
      String when = "after " + life + " ms";
      if (kill % 2 == 0) {
        long versions = deltaVersions(table);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (deltaVersions(table) == versions && System.nanoTime() < deadline && driver.isAlive()) {
          Thread.sleep(2);
        }
        when += deltaVersions(table) > versions ? " + at the next Delta commit" : " + 20 s (no Delta commit)";
      }
      assertTrue(driver.isAlive(), () -> "the driver died by itself:\n" + driver.tail());
      driver.kill();
      sparkRestarts += driver.occurrences(CrashablePipelineMain.RESTARTED_AFTER_SPARK_55271);
      OptionalLong committed = log.lastCommittedBatch();
      OptionalLong appended = lastAppendedBatch(table);
      if (appended.isPresent() && (committed.isEmpty() || appended.getAsLong() > committed.getAsLong())) {
        deltaAhead++;
      }
      System.out.printf(
          "RELIABILITY delta-dlq-crash kill %d %s: Spark commit log at batch %s, Delta has dead letters up to batch %s%n",
          kill, when, str(committed), str(appended));
    }

    // The last life runs until every event is committed.
    DriverProcess last = DriverProcess.start(CrashablePipelineMain.class, args, driverLog);
    try {
      last.awaitOutput(CrashablePipelineMain.STARTED, START_TIMEOUT);
      Map<Integer, Long> end = EndOffsets.of(kafka, source, PARTITIONS);
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      while (!log.committedOffsets().equals(end)) {
        assertTrue(last.isAlive(), () -> "the last driver died:\n" + last.tail());
        assertTrue(System.nanoTime() < deadline,
            () -> "not all committed: " + log.committedOffsets() + " vs end " + end + "\n" + last.tail());
        Thread.sleep(250);
      }
    } finally {
      last.kill();
      sparkRestarts += last.occurrences(CrashablePipelineMain.RESTARTED_AFTER_SPARK_55271);
    }

    verify(events, List.of(urgent, errors, standard), noDlqTopic, table, log, sparkRestarts, deltaAhead, started);
  }

  private void verify(CrashEvents events, List<String> routeTopics, String noDlqTopic, Path table, CheckpointLog log,
      int sparkRestarts, int deltaAhead, long started) {
    // Route topics: every good event at least once, nothing on the wrong topic.
    OutputAudit audit = new OutputAudit(kafka, events.count(), routeTopics, noDlqTopic);
    List<String> lostRouted = new ArrayList<>();
    List<Integer> bad = new ArrayList<>();
    for (int n = 0; n < events.count(); n++) {
      if (isDeadLetter(CrashEvents.destination(n))) {
        bad.add(n);
      } else if (audit.copies(n) == 0) {
        lostRouted.add(CrashEvents.id(n));
      }
    }

    // Delta: every bad event exactly once, with its reason, and nothing else.
    Map<String, Integer> copies = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    long deltaRows = 0;
    SparkSession spark = SparkSessions.local(2).appName("delta-dlq-crash-audit").delta(true).start();
    try {
      for (Row r : spark.read().format("delta").load(table.toString())
          .select(DeadLetterColumns.KEY, DeadLetterColumns.REASON).collectAsList()) {
        deltaRows++;
        String key = new String((byte[]) r.get(0), StandardCharsets.UTF_8);
        int n = CrashEvents.number(key);
        if (n < 0 || n >= events.count() || !isDeadLetter(CrashEvents.destination(n))
            || !CrashEvents.destination(n).name().equals("DLQ_" + r.getString(1))) {
          wrong.add(key + " as " + r.getString(1));
        } else {
          copies.merge(key, 1, Integer::sum);
        }
      }
    } finally {
      spark.stop();
    }
    List<String> missing = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    for (int n : bad) {
      int c = copies.getOrDefault(CrashEvents.id(n), 0);
      if (c == 0) {
        missing.add(CrashEvents.id(n));
      } else if (c > 1) {
        duplicated.add(CrashEvents.id(n) + " x" + c);
      }
    }
    List<String> leftovers = stagingOfCommittedBatches(table, log.lastCommittedBatch().orElse(-1));

    System.out.printf(
        "RELIABILITY delta-dlq-crash: records in %d, routed records %d (duplicates %d), lost routed %d, misplaced %d;"
            + " dead letters expected %d, rows in Delta %d, missing %d, duplicated %d, wrong %d;"
            + " staging dirs of committed batches left %d %s; kills %d (%d with Delta ahead of the commit log),"
            + " SPARK-55271 restarts %d, %d s%n",
        events.count(), audit.routed(), audit.duplicates(), lostRouted.size(), audit.misplaced().size(),
        bad.size(), deltaRows, missing.size(), duplicated.size(), wrong.size(), leftovers.size(),
        OutputAudit.head(leftovers), KILLS, deltaAhead, sparkRestarts,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    assertEquals(List.of(), OutputAudit.head(duplicated), "dead letters more than once in Delta (" + duplicated.size() + ")");
    assertEquals(List.of(), OutputAudit.head(missing), "dead letters missing from Delta (" + missing.size() + ")");
    assertEquals(List.of(), OutputAudit.head(wrong), "rows in Delta that are not dead letters (" + wrong.size() + ")");
    assertEquals(bad.size(), deltaRows);
    assertEquals(List.of(), OutputAudit.head(lostRouted), "good events on no route topic (" + lostRouted.size() + ")");
    assertEquals(List.of(), OutputAudit.head(audit.misplaced()), "misplaced (" + audit.misplaced().size() + ")");
    assertEquals(List.of(), leftovers, "staging directories of committed batches");
  }

  private static boolean isDeadLetter(Destination d) {
    return d == Destination.DLQ_SCHEMA_INVALID || d == Destination.DLQ_NO_ROUTE;
  }

  private static String str(OptionalLong batch) {
    return batch.isPresent() ? Long.toString(batch.getAsLong()) : "none";
  }

  /** Commit files in the table's {@code _delta_log}. */
  private static long deltaVersions(Path table) throws IOException {
    Path dir = table.resolve("_delta_log");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
    }
  }

  /** The highest {@code txn} version (the connector's batch id) in the Delta log, if any. */
  private static OptionalLong lastAppendedBatch(Path table) throws IOException {
    Path dir = table.resolve("_delta_log");
    if (!Files.isDirectory(dir)) {
      return OptionalLong.empty();
    }
    List<Path> commits;
    try (Stream<Path> files = Files.list(dir)) {
      commits = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).toList();
    }
    OptionalLong max = OptionalLong.empty();
    for (Path commit : commits) {
      for (String line : Files.readAllLines(commit, StandardCharsets.UTF_8)) {
        JsonNode txn = JSON.readTree(line).get("txn");
        if (txn != null) {
          long v = txn.get("version").asLong();
          if (max.isEmpty() || v > max.getAsLong()) {
            max = OptionalLong.of(v);
          }
        }
      }
    }
    return max;
  }

  /** {@code <query id>/<batch id>} staging directories of batches in Spark's commit log. */
  private static List<String> stagingOfCommittedBatches(Path table, long lastCommitted) {
    Path root = table.resolve(DeadLetterStaging.DIRECTORY);
    List<String> left = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return left;
    }
    try (Stream<Path> queries = Files.list(root)) {
      for (Path query : queries.toList()) {
        try (Stream<Path> batches = Files.list(query)) {
          for (Path batch : batches.toList()) {
            String name = batch.getFileName().toString();
            if (name.matches("\\d+") && Long.parseLong(name) <= lastCommitted) {
              left.add(query.getFileName() + "/" + name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return left;
  }
}
