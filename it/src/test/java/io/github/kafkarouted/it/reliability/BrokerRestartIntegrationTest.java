package io.github.kafkarouted.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stops the broker process in the middle of a stream and starts it again on the same ports and
 * data, with the pipeline of {@link CrashablePipelineMain} running in this JVM. Kafka clients
 * retry through an outage shorter than their timeouts (the source's Admin calls wait up to
 * {@code default.api.timeout.ms}, 60 s; the sink's sends up to {@code delivery.timeout.ms}, 120
 * s), so the query rides through: it stays up, and afterwards every event is on its topic. Should
 * the query fail instead, the test restarts it from its checkpoint (what an operator or a job
 * supervisor does) and reports the failure, and the assertion on the outcome fails.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BrokerRestartIntegrationTest extends RealKafkaSparkTest {

  private static final int PARTITIONS = 4;
  private static final int EVENTS = 30_000;
  private static final int RATE = 1_500;
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(PARTITIONS, "broker-restart-it");
    // The pipeline's Real-Time Mode batches are 2 s long.
    spark.conf().set("spark.sql.streaming.realTimeMode.minBatchDuration", "1000");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"microbatch", "realtime"})
  void theQueryRidesThroughABrokerRestartAndNothingIsLost(String mode) throws Exception {
    assumeTrue(kafka.supportsRestart(), "this Kafka fixture cannot restart its broker");
    long started = System.nanoTime();
    String source = kafka.createUniqueTopic("restart-src", PARTITIONS);
    List<String> routes =
        List.of(kafka.createUniqueTopic("restart-urgent", 2), kafka.createUniqueTopic("restart-errors", 2),
            kafka.createUniqueTopic("restart-standard", 2));
    String dlq = kafka.createUniqueTopic("restart-dlq", 1);
    String checkpoint = tmp.resolve("checkpoint").toString();
    CheckpointLog log = new CheckpointLog(tmp.resolve("checkpoint"), source);

    CrashEvents events = new CrashEvents(kafka.clientProperties(), source, EVENTS, PARTITIONS, RATE);
    events.start();
    StreamingQuery query = startQuery(mode, source, routes, dlq, checkpoint);
    String outcome = "rode through";
    int restarts = 0;
    try {
      awaitOutput(query, routes, dlq, EVENTS / 5);
      long committedBefore = log.lastCommittedBatch().orElse(-1);
      kafka.stopBroker();
      Thread.sleep(OUTAGE.toMillis());
      kafka.startBroker();
      events.awaitAcknowledged(Duration.ofMinutes(3));
      Map<Integer, Long> end = EndOffsets.of(kafka, source, PARTITIONS);
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      while (!log.committedOffsets().equals(end)) {
        if (!query.isActive()) {
          outcome = "failed: " + query.exception().map(Throwable::getMessage).getOrElse(() -> "no exception");
          System.out.printf("RELIABILITY broker-restart %s: the query stopped (%s); restarting it%n", mode, outcome);
          assertTrue(restarts++ < 3, "restarted 3 times already: " + outcome);
          query = startQuery(mode, source, routes, dlq, checkpoint);
        }
        assertTrue(System.nanoTime() < deadline, "not all committed: " + log.committedOffsets() + " vs " + end);
        Thread.sleep(250);
      }
      assertTrue(log.lastCommittedBatch().orElse(-1) > committedBefore, "batches committed after the restart");
    } finally {
      query.stop();
    }

    OutputAudit audit = new OutputAudit(kafka, EVENTS, routes, dlq);
    System.out.printf(
        "RELIABILITY broker-restart %s: outage %d s, outcome: %s, query restarts %d, records in %d, output records %d"
            + " (routed %d, dead letters %d), by destination %s, lost %d, misplaced %d, duplicates %d, %d s%n",
        mode, OUTAGE.toSeconds(), outcome, restarts, EVENTS, audit.records(), audit.routed(), audit.deadLetters(),
        audit.byDestination(), audit.lost().size(), audit.misplaced().size(), audit.duplicates(),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    assertEquals(List.of(), OutputAudit.head(audit.lost()), mode + ": lost events (" + audit.lost().size() + ")");
    assertEquals(List.of(), OutputAudit.head(audit.misplaced()), mode + ": misplaced (" + audit.misplaced().size() + ")");
    assertEquals("rode through", outcome, mode + ": the query should ride through a " + OUTAGE.toSeconds() + " s outage");
  }

  private static StreamingQuery startQuery(
      String mode, String source, List<String> routes, String dlq, String checkpoint) throws Exception {
    return CrashablePipelineMain.startQuery(
        spark, mode, kafka.bootstrapServers(), source, routes.get(0), routes.get(1),
        routes.get(2), dlq, checkpoint);
  }

  private static void awaitOutput(StreamingQuery query, List<String> routes, String dlq, long n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      long out = kafka.endOffsetSum(dlq);
      for (String r : routes) {
        out += kafka.endOffsetSum(r);
      }
      if (out >= n) {
        return;
      }
      assertTrue(query.isActive(), () -> "the query stopped: " + query.exception());
      assertTrue(System.nanoTime() < deadline, "only " + n + " records out before the outage");
      Thread.sleep(200);
    }
  }
}
