package io.github.kafkarouted.benchmarks.e2e;

import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import io.github.kafkarouted.it.spark.SparkSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end latency harness: one real Kafka broker and one {@code local[4]} SparkSession for
 * the whole run; every cell of the matrix (sink × trigger) in turn, then the saturation runs; the
 * report files in {@code --out}.
 *
 * <pre>
 * LatencyHarness [--full | --quick] [--out DIR] [--cells sink/trigger,...]
 *                [--warmup SECONDS] [--measure SECONDS] [--saturation-records N]
 * LatencyHarness --replot DIR      (rewrites the tables and charts from DIR/results.json)
 * </pre>
 *
 * {@code --full} (default): 15 cells, 15 s warm-up + 40 s measured each, 1 M saturation records,
 * about 15 minutes. {@code --quick}: 2 cells of a few seconds and 20,000 saturation records, well
 * under a minute (the CI smoke check). Start it through {@code benchmarks/run-e2e.sh}, which also
 * sets the JVM flags Spark needs.
 */
public final class LatencyHarness {
  private static final Logger LOG = LoggerFactory.getLogger(LatencyHarness.class);

  private LatencyHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--replot")) {
      // Rewrites results.md, results.csv and the charts of an earlier run from its results.json.
      Path dir = Path.of(args[1]);
      List<Path> files = ReportFiles.write(ReportFiles.read(dir.resolve("results.json")), dir);
      System.out.println("Rewrote " + files.size() + " files in " + dir.toAbsolutePath());
      return;
    }
    HarnessSettings settings = parse(args);
    HarnessReport report = run(settings);
    List<Path> files = ReportFiles.write(report, settings.outDir());
    System.out.println(ReportFiles.markdown(report));
    System.out.println("Wrote " + files.size() + " files to " + settings.outDir().toAbsolutePath());
    // Spark and Kafka client threads are not all daemons.
    System.exit(0);
  }

  /** Runs the cells and the saturation runs of {@code settings} on a broker and a session started here. */
  public static HarnessReport run(HarnessSettings settings) throws InterruptedException {
    try (KafkaTestCluster kafka = KafkaTestCluster.fromSystemProperties()) {
      SparkSession spark = startSession(settings);
      try {
        return run(kafka, spark, settings);
      } finally {
        spark.stop();
      }
    }
  }

  /** The session of a run: {@code local[cores]}, and the DSv2 sink admitted in Real-Time Mode. */
  public static SparkSession startSession(HarnessSettings settings) {
    return SparkSessions.local(settings.cores())
        .appName("kafka-routed-e2e-latency")
        // Real-Time Mode admits only allowlisted sinks (the stock kafka sink and foreach are);
        // the format("kafka-routed") DSv2 sink runs in RTM only with this check off.
        .conf("spark.sql.streaming.realTimeMode.allowlistCheck", "false")
        .start();
  }

  /** Runs on an existing broker and session (the JMH benchmark keeps them across iterations). */
  public static HarnessReport run(KafkaTestCluster kafka, SparkSession spark, HarnessSettings settings)
      throws InterruptedException {
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    List<CellResult> cells = new ArrayList<>();
    for (int i = 0; i < settings.cells().size(); i++) {
      HarnessSettings.Cell cell = settings.cells().get(i);
      LOG.info("Cell {}/{}: {}", i + 1, settings.cells().size(), cell.id());
      try {
        cells.add(LatencyCell.run(kafka, spark, settings, cell, i));
      } catch (RuntimeException e) {
        // One broken cell must not cost the rest of a 20-minute run: record it and go on.
        LOG.error("Cell {} failed", cell.id(), e);
        cells.add(CellResult.notApplicable(cell, "failed", LatencyCell.firstLine(e)));
      }
    }
    List<SaturationResult> saturation =
        settings.saturationRecords() > 0 ? SaturationRun.run(kafka, spark, settings) : List.of();
    return new HarnessReport(
        settings.mode(),
        started.toString(),
        (System.nanoTime() - startNanos) / 1e9,
        HarnessReport.settingsOf(settings),
        HarnessReport.currentMachine(),
        cells,
        saturation);
  }

  static HarnessSettings parse(String[] args) {
    Path out = Path.of("benchmarks/results/e2e");
    HarnessSettings settings = null;
    List<HarnessSettings.Cell> cells = null;
    Duration warmup = null;
    Duration measure = null;
    Integer saturation = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--full" -> settings = HarnessSettings.full(out);
        case "--quick" -> settings = HarnessSettings.quick(out);
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--cells" -> cells = parseCells(value(args, ++i, a));
        case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(value(args, ++i, a)));
        case "--measure" -> measure = Duration.ofSeconds(Long.parseLong(value(args, ++i, a)));
        case "--saturation-records" -> saturation = Integer.parseInt(value(args, ++i, a));
        case "--help", "-h" -> {
          System.out.println(
              "LatencyHarness [--full | --quick] [--out DIR] [--cells sink/trigger,...] [--warmup S]"
                  + " [--measure S] [--saturation-records N]");
          System.exit(0);
        }
        default -> throw new IllegalArgumentException("Unknown argument '" + a + "'; try --help");
      }
    }
    HarnessSettings base = settings == null ? HarnessSettings.full(out) : settings;
    base = new HarnessSettings(
        base.mode(), base.cells(), base.cores(), base.partitions(), base.ratePerSecond(), base.warmup(),
        base.measure(), base.drainLimit(), base.saturationRecords(), base.saturationRounds(), out);
    if (cells != null) {
      base = base.withCells(cells);
    }
    if (warmup != null || measure != null) {
      base = base.withTiming(warmup == null ? base.warmup() : warmup, measure == null ? base.measure() : measure);
    }
    if (saturation != null) {
      base = base.withSaturationRecords(saturation);
    }
    return base;
  }

  /**
   * {@code sink/trigger} pairs, comma-separated, e.g. {@code kafka/realtime-5min,kafka-routed/realtime-5min};
   * {@code none} for no latency cell.
   */
  static List<HarnessSettings.Cell> parseCells(String spec) {
    List<HarnessSettings.Cell> cells = new ArrayList<>();
    if (spec.trim().equals("none")) {
      return cells; // saturation runs only
    }
    for (String part : spec.split(",")) {
      String[] st = part.trim().split("/");
      if (st.length != 2) {
        throw new IllegalArgumentException("--cells takes sink/trigger pairs; got '" + part + "'");
      }
      cells.add(new HarnessSettings.Cell(E2eSink.parse(st[0]), E2eTrigger.parse(st[1])));
    }
    return cells;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
