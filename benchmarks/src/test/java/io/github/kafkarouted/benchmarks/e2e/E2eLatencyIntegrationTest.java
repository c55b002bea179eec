package io.github.kafkarouted.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The quick mode of the end-to-end latency harness and its JMH form, as a smoke check on a real
 * broker and SparkSession: records flow through every sink, dead letters appear where validation
 * is on, and the report files are written. Never asserts timings.
 */
class E2eLatencyIntegrationTest {

  @Test
  void quickModeMeasuresEveryCellAndWritesTheReport(@TempDir Path out) throws Exception {
    HarnessSettings settings = HarnessSettings.quick(out);

    HarnessReport report = LatencyHarness.run(settings);
    ReportFiles.write(report, out);

    assertEquals(settings.cells().size(), report.cells().size());
    for (CellResult cell : report.cells()) {
      String id = cell.sink() + "/" + cell.trigger();
      assertEquals("ok", cell.status(), id + ": " + cell.reason());
      assertTrue(cell.measured() > 0, id + " measured no record");
      assertTrue(cell.expected() > 0, id);
      assertTrue(cell.p50() <= cell.p99() && cell.p99() <= cell.max(), id + " percentiles out of order");
      // 0.5% of the input is invalid: the routed sinks' dead-letter topic gets it.
      assertTrue(cell.deadLetters() > 0, id + " wrote no dead letter");
    }
    assertEquals(E2eSink.values().length * settings.saturationRounds(), report.saturation().size());
    for (SaturationResult run : report.saturation()) {
      assertEquals("ok", run.status(), run.sink() + ": " + run.reason());
      assertEquals(settings.saturationRecords(), run.rows(), run.sink() + " rows read");
      assertEquals(settings.saturationRecords(), run.written(), run.sink() + " records written");
    }

    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertEquals(settings.cells().size(), json.get("cells").size());
    assertEquals(1_000, json.get("settings").get("ratePerSecond").asInt());
    String markdown = Files.readString(out.resolve("results.md"));
    assertTrue(markdown.contains("| kafka-routed | microbatch-default |"), markdown);
    assertTrue(Files.readString(out.resolve("results.csv")).lines().count() > settings.cells().size());
    for (String svg :
        new String[] {"latency-cdf-microbatch-default.svg", "latency-cdf-realtime-5s.svg", "latency-p99.svg", "saturation-throughput.svg"}) {
      assertTrue(Files.readString(out.resolve(svg)).startsWith("<svg"), svg);
    }
  }

  @Test
  void jmhFormRunsOneCellAndReportsItsPercentiles(@TempDir Path out) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(E2eLatencyBenchmark.class.getName())
            .forks(0)
            .param("sink", "kafka")
            .param("trigger", "realtime-5s")
            .param("warmupSeconds", "3")
            .param("measureSeconds", "3")
            .param("reportDir", out.toString())
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    assertEquals(1, results.size());
    Map<String, Result> counters = results.iterator().next().getSecondaryResults();
    assertTrue(counters.containsKey("p99Ms"), "aux counters: " + counters.keySet());
    assertTrue(counters.get("measuredRecords").getScore() > 0, "measured records");
    assertTrue(Files.exists(out.resolve("kafka_realtime-5s").resolve("results.json")));
  }
}
