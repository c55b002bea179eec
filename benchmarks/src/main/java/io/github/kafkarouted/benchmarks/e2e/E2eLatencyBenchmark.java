package io.github.kafkarouted.benchmarks.e2e;

import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One cell of the end-to-end latency matrix as a JMH benchmark: each invocation ({@code
 * SingleShotTime}, one per trial) runs {@link LatencyCell} on a broker and a {@code local[4]}
 * session started in the trial's setup, and reports the latency percentiles as {@link
 * AuxCounters} ({@code p50Ms} … {@code maxMs}, {@code outputRecPerSec}); the primary score is the
 * cell's wall time and means nothing. The warm-up is the cell's own (records sent in its first
 * {@code warmupSeconds} are not measured), so JMH's warm-up iterations are off.
 *
 * <p>Each parameter combination forks a JVM with its own broker and session, so the cells of a
 * JMH run are not side by side as in {@link LatencyHarness}, whose run is the reference; this form
 * is for picking one cell, e.g.
 * {@code java -jar benchmarks/target/benchmarks.jar E2eLatencyBenchmark -p trigger=realtime-5min}.
 * The per-cell report files go to {@code reportDir} (if set).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true"
    })
public class E2eLatencyBenchmark {

  @Param({"kafka", "kafka-routed", "kafka-routed-foreach", "kafka-routed-value"})
  public String sink;

  @Param({"microbatch-default", "processingtime-0", "continuous-1s", "realtime-5s", "realtime-5min"})
  public String trigger;

  @Param("20")
  public int warmupSeconds;

  @Param("40")
  public int measureSeconds;

  /** Where to write the cell's report files; empty: none. */
  @Param("")
  public String reportDir;

  private KafkaTestCluster kafka;
  private SparkSession spark;
  private HarnessSettings settings;

  /** The cell's latencies, reported by JMH beside the score (one invocation, so each is the value). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Latency {
    public long p50Ms;
    public long p90Ms;
    public long p99Ms;
    public long p999Ms;
    public long maxMs;
    public long measuredRecords;
    public double outputRecPerSec;
  }

  @Setup(Level.Trial)
  public void startBrokerAndSession() {
    HarnessSettings.Cell cell = new HarnessSettings.Cell(E2eSink.parse(sink), E2eTrigger.parse(trigger));
    settings =
        HarnessSettings.full(reportDir.isEmpty() ? Path.of(".") : Path.of(reportDir))
            .withCells(List.of(cell))
            .withTiming(Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(measureSeconds))
            .withSaturationRecords(0);
    kafka = KafkaTestCluster.fromSystemProperties();
    spark = LatencyHarness.startSession(settings);
  }

  @Benchmark
  public CellResult cell(Latency latency) throws InterruptedException {
    HarnessReport report = LatencyHarness.run(kafka, spark, settings);
    CellResult result = report.cells().get(0);
    if (!result.ok()) {
      throw new IllegalStateException(result.sink() + "/" + result.trigger() + " " + result.status() + ": " + result.reason());
    }
    latency.p50Ms = result.p50();
    latency.p90Ms = result.p90();
    latency.p99Ms = result.p99();
    latency.p999Ms = result.p999();
    latency.maxMs = result.max();
    latency.measuredRecords = result.measured();
    latency.outputRecPerSec = result.outputRate();
    if (!reportDir.isEmpty()) {
      ReportFiles.write(report, settings.outDir().resolve(sink + "_" + trigger));
    }
    return result;
  }

  @TearDown(Level.Trial)
  public void stopBrokerAndSession() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (kafka != null) {
        kafka.close();
      }
    }
  }
}
