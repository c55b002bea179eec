package io.github.kafkarouted.benchmarks;

import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.RouteTargets;
import io.github.kafkarouted.connector.routing.RoutingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The routing core alone: {@link RouteTable#resolve} of one row per operation (so ops/s = rows/s
 * on one core), for 1, 3 and 10 routes, in first-match and all-matches mode.
 *
 * <p>Rows come from a pre-built array of {@value #ROWS} rows whose route conditions and computed
 * topics were evaluated up front (in the sink the compiled projection does that before routing),
 * which isolates the route walk. Each route's condition holds for a row with probability 0.3,
 * drawn from seed {@value #SEED}; every third route (3, 6, 9) has a computed topic, the others a
 * literal one; rows that match nothing go to a default topic. Target: at least 5 M rows/s per core
 * for 3 routes.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RouterBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RouterBenchmark {

  static final long SEED = 20261102L;
  static final int ROWS = 4096;
  private static final double MATCH_PROBABILITY = 0.3;

  @Param({"1", "3", "10"})
  public int routes;

  @Param({"FIRST_MATCH", "ALL_MATCHES"})
  public RoutingMode mode;

  private RouteTable table;
  private RouteTargets targets;
  private EventRow[] rows;
  private int next;

  @Setup
  public void setUp() {
    List<RouteTable.Route> list = new ArrayList<>(routes);
    for (int i = 0; i < routes; i++) {
      boolean computed = i % 3 == 2;
      list.add(
          new RouteTable.Route(
              computed ? null : "topic-" + (i + 1),
              true,
              "route." + (i + 1) + (computed ? ".topicExpr" : ".topic")));
    }
    table = new RouteTable(list, mode, "events-other", false);
    targets = table.newTargets();

    Random random = new Random(SEED);
    List<SyntheticEvent> events = SyntheticEvent.generate(SEED, ROWS);
    rows = new EventRow[ROWS];
    for (int r = 0; r < ROWS; r++) {
      boolean[] matches = new boolean[routes];
      String[] computedTopics = new String[routes];
      for (int i = 0; i < routes; i++) {
        matches[i] = random.nextDouble() < MATCH_PROBABILITY;
        computedTopics[i] = i % 3 == 2 ? "computed-" + events.get(r).region() : null;
      }
      rows[r] = new EventRow(events.get(r), null, matches, computedTopics);
    }
  }

  @Benchmark
  public void resolve(Blackhole bh) {
    EventRow row = rows[next++ & (ROWS - 1)];
    int n = table.resolve(row, targets);
    bh.consume(n);
    bh.consume(targets.topic(n - 1));
  }
}
