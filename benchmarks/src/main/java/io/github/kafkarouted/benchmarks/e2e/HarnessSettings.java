package io.github.kafkarouted.benchmarks.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one harness run measures and under which pinned settings. Immutable.
 *
 * @param mode {@code full} or {@code quick} (for the report)
 * @param cells the (sink, trigger) cells of the latency matrix, run in this order
 * @param cores Spark's {@code local[cores]}
 * @param partitions partitions of every input topic (and of the latency cells' output topics)
 * @param ratePerSecond records per second the producer sends in a latency cell
 * @param warmup how long the producer sends before the measured window (those records are dropped)
 * @param measure the measured window: records sent in it are measured
 * @param drainLimit how long to wait after the last send for the window's records to arrive
 * @param saturationRecords records pre-filled for the saturation runs (0: no saturation runs)
 * @param saturationRounds passes over the sinks; the first warms up the JIT, the mean of the others is reported
 * @param outDir where the report, results files and charts go
 */
public record HarnessSettings(
    String mode,
    List<Cell> cells,
    int cores,
    int partitions,
    int ratePerSecond,
    Duration warmup,
    Duration measure,
    Duration drainLimit,
    int saturationRecords,
    int saturationRounds,
    Path outDir) {

  /** The sink producers' {@code linger.ms} (stock and routed). */
  public static final int SINK_LINGER_MS = 0;

  /** The Kafka source's {@code kafka.fetch.max.wait.ms} in every cell. */
  public static final int SOURCE_FETCH_MAX_WAIT_MS = 10;

  /** One cell of the latency matrix. */
  public record Cell(E2eSink sink, E2eTrigger trigger) {
    public String id() {
      return sink.label() + "/" + trigger.label();
    }
  }

  public HarnessSettings {
    cells = List.copyOf(cells);
  }

  /**
   * Every sink of the matrix under every trigger: 15 cells, 15 s warm-up + 40 s measured each; 1 M saturation
   * records in 3 rounds.
   */
  public static HarnessSettings full(Path outDir) {
    List<Cell> cells = new ArrayList<>();
    for (E2eTrigger trigger : E2eTrigger.values()) {
      for (E2eSink sink : E2eSink.MATRIX) {
        cells.add(new Cell(sink, trigger));
      }
    }
    return new HarnessSettings(
        "full", cells, 4, 4, 1_000, Duration.ofSeconds(15), Duration.ofSeconds(40),
        Duration.ofSeconds(15), 1_000_000, 3, outDir);
  }

  /**
   * A smoke check of the whole path in well under a minute: 2 cells of a few seconds (the DSv2
   * sink in micro-batch, the ForeachWriter in Real-Time Mode), a small saturation run. Its numbers
   * mean nothing.
   */
  public static HarnessSettings quick(Path outDir) {
    List<Cell> cells =
        List.of(
            new Cell(E2eSink.ROUTED, E2eTrigger.MICROBATCH_DEFAULT),
            new Cell(E2eSink.ROUTED_FOREACH, E2eTrigger.REALTIME_5S));
    return new HarnessSettings(
        "quick", cells, 4, 4, 1_000, Duration.ofSeconds(3), Duration.ofSeconds(4),
        Duration.ofSeconds(10), 20_000, 1, outDir);
  }

  public HarnessSettings withCells(List<Cell> newCells) {
    return new HarnessSettings(
        mode, newCells, cores, partitions, ratePerSecond, warmup, measure, drainLimit,
        saturationRecords, saturationRounds, outDir);
  }

  public HarnessSettings withTiming(Duration newWarmup, Duration newMeasure) {
    return new HarnessSettings(
        mode, cells, cores, partitions, ratePerSecond, newWarmup, newMeasure, drainLimit,
        saturationRecords, saturationRounds, outDir);
  }

  public HarnessSettings withSaturationRecords(int records) {
    return new HarnessSettings(
        mode, cells, cores, partitions, ratePerSecond, warmup, measure, drainLimit,
        records, saturationRounds, outDir);
  }
}
