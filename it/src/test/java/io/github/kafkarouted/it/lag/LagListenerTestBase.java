package io.github.kafkarouted.it.lag;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.it.RealKafkaSparkTest;
import io.github.kafkarouted.it.TempDirectories;
import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.tracking.LagServiceRegistry;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;

/**
 * Shared setup of the lag listener's integration tests: queries on fresh topics (stopped after
 * each test), the application's {@link LagService} found through {@link LagServiceRegistry}, and
 * waits for progress and for snapshots matching the ground truth. Subclasses build their
 * SparkSession with the listener settings they test, in their own {@code @BeforeAll}.
 */
public abstract class LagListenerTestBase extends RealKafkaSparkTest {

  /**
   * Trigger interval that keeps batch 0 the latest batch for the whole test (the pinned batch).
   * Spark aligns processing-time triggers to multiples of the interval since the epoch, not to the
   * query's start: with 2 minutes the next batch came within 2 s. The next multiple of 1000 days
   * is years away.
   */
  protected static final Trigger PINNING_TRIGGER = Trigger.ProcessingTime(1000, TimeUnit.DAYS);

  protected static final Duration WAIT = Duration.ofSeconds(90);

  private final List<StreamingQuery> started = new ArrayList<>();

  @AfterEach
  void stopQueries() throws TimeoutException {
    for (StreamingQuery q : started) {
      if (q.isActive()) {
        q.stop();
      }
    }
    started.clear();
  }

  // --------------------------------------------------------------------------------- queries

  protected static List<String> values(int n) {
    return IntStream.range(0, n).mapToObj(i -> "v" + i).collect(Collectors.toList());
  }

  /** The random tail of a unique topic name, to name queries uniquely. */
  protected static String suffix(String topic) {
    return topic.substring(topic.lastIndexOf('-') + 1);
  }

  protected static String checkpoint() {
    return TempDirectories.createDeletedAtExit("kr-lag-it-checkpoint-").toString();
  }

  /** The stock Kafka source on {@code topic}, from the earliest offsets, with a short fetch wait. */
  protected static Dataset<Row> readKafka(String topic) {
    return kafkaStream(topic)
        .option("kafka.fetch.max.wait.ms", "10")
        .load();
  }

  /** Starts the query; it is stopped after the test. */
  protected StreamingQuery start(DataStreamWriter<Row> writer) {
    try {
      StreamingQuery q = writer.start();
      started.add(q);
      return q;
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A micro-batch query (to the {@code noop} sink) reading at most {@code maxOffsetsPerTrigger}
   * offsets per batch, whose first batch runs at once and whose next one does not run during the
   * test ({@link #PINNING_TRIGGER}): batch 0 stays its latest batch.
   */
  protected StreamingQuery startHeldBack(String kind, String topic, long maxOffsetsPerTrigger) {
    return start(
        kafkaStream(topic)
            .option("maxOffsetsPerTrigger", maxOffsetsPerTrigger)
            .load()
            .writeStream()
            .queryName(kind + "_" + suffix(topic))
            .format("noop")
            .option("checkpointLocation", checkpoint())
            .trigger(PINNING_TRIGGER));
  }

  protected static StreamingQueryProgress awaitFirstProgress(StreamingQuery query) {
    return Await.until(
        WAIT,
        "the first progress of " + query.name(),
        () -> {
          assertTrue(
              query.isActive() || query.exception().isEmpty(),
              () -> "query failed: " + query.exception());
          return Optional.ofNullable(query.lastProgress());
        },
        () -> "active=" + query.isActive() + " status=" + query.status());
  }

  // ------------------------------------------------------------------------------ lag service

  /** The application's lag service, found by application id as a program would. */
  protected static LagService lagService() {
    return LagServiceRegistry.find(spark.sparkContext().applicationId())
        .orElseThrow(() -> new AssertionError("no lag service registered for this application"));
  }

  /** Waits for a snapshot of the query that satisfies {@code wanted}. */
  protected static QueryLagSnapshot awaitSnapshot(
      StreamingQuery query, String what, Predicate<QueryLagSnapshot> wanted) {
    return Await.until(
        WAIT,
        "a lag snapshot of " + query.name() + ": " + what,
        () -> lagService().snapshot(query.id()).filter(wanted),
        () ->
            "snapshot "
                + lagService().snapshot(query.id())
                + ", last progress "
                + query.lastProgress());
  }

  /** Waits until a listener poll round that started after this call has completed. */
  protected static void awaitPollRoundAfterNow() {
    LagService service = lagService();
    long before = service.pollRounds();
    // Counted when a round starts and rounds never overlap: once before + 2 has started,
    // before + 1, which started after this call, is complete.
    Await.untilTrue(
        WAIT,
        "a complete listener poll round",
        () -> service.pollRounds() >= before + 2,
        () -> "poll rounds " + service.pollRounds() + " (was " + before + ")");
  }

  // ---------------------------------------------------------------------- snapshot, by partition

  protected static PartitionLag partition(QueryLagSnapshot s, int partition) {
    return s.partitions().stream()
        .filter(p -> p.partition() == partition)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no partition " + partition + " in " + s));
  }

  protected static Map<Integer, Long> consumed(QueryLagSnapshot s) {
    Map<Integer, Long> m = new TreeMap<>();
    s.partitions().forEach(p -> m.put(p.partition(), p.consumedOffset()));
    return m;
  }

  protected static Map<Integer, Long> latest(QueryLagSnapshot s) {
    Map<Integer, Long> m = new TreeMap<>();
    s.partitions().forEach(p -> p.latestOffset().ifPresent(o -> m.put(p.partition(), o)));
    return m;
  }

  protected static Map<Integer, Long> lagOffsets(QueryLagSnapshot s) {
    Map<Integer, Long> m = new TreeMap<>();
    s.partitions().forEach(p -> p.lagOffsets().ifPresent(o -> m.put(p.partition(), o)));
    return m;
  }
}
