package io.github.kafkarouted.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes a {@link HarnessReport} as {@code results.json} (everything, CDFs included), {@code
 * results.csv} (one row per latency cell and per saturation run), {@code results.md} (the tables
 * and the targets checked) and the SVG charts of {@link SvgCharts}.
 *
 * <p>Stateless.
 */
public final class ReportFiles {

  private ReportFiles() {}

  /** Reads a {@code results.json} written by {@link #write}. */
  public static HarnessReport read(Path json) {
    try {
      return new ObjectMapper().readValue(json.toFile(), HarnessReport.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + json, e);
    }
  }

  /** Writes every file into {@code dir}; returns their paths. */
  public static List<Path> write(HarnessReport report, Path dir) {
    try {
      Files.createDirectories(dir);
      List<Path> files = new ArrayList<>();
      Path json = dir.resolve("results.json");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
      files.add(json);
      files.add(writeString(dir.resolve("results.csv"), csv(report)));
      files.add(writeString(dir.resolve("results.md"), markdown(report)));
      files.addAll(SvgCharts.write(report, dir));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the report to " + dir, e);
    }
  }

  private static Path writeString(Path path, String text) throws IOException {
    Files.writeString(path, text, StandardCharsets.UTF_8);
    return path;
  }

  static String csv(HarnessReport r) {
    StringBuilder b = new StringBuilder();
    b.append("kind,sink,trigger,status,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,input_rate,output_rate,")
        .append("measured,expected,dead_letters,rows,batch_ms,rows_per_s,reason\n");
    for (CellResult c : r.cells()) {
      b.append(String.format(Locale.ROOT, "latency,%s,%s,%s,%d,%d,%d,%d,%d,%.1f,%.1f,%d,%d,%d,,,,%s%n",
          c.sink(), c.trigger(), c.status(), c.p50(), c.p90(), c.p99(), c.p999(), c.max(),
          c.inputRate(), c.outputRate(), c.measured(), c.expected(), c.deadLetters(), quote(c.reason())));
    }
    for (SaturationResult s : r.saturation()) {
      b.append(String.format(Locale.ROOT, "saturation,%s,availablenow-round%d,%s,,,,,,,,,,,%d,%d,%.0f,%s%n",
          s.sink(), s.round(), s.status(), s.rows(), s.batchMillis(), s.rowsPerSecond(), quote(s.reason())));
    }
    return b.toString();
  }

  private static String quote(String s) {
    return s == null || s.isEmpty() ? "" : "\"" + s.replace("\"", "\"\"") + "\"";
  }

  static String markdown(HarnessReport r) {
    StringBuilder b = new StringBuilder();
    b.append("### End-to-end latency (").append(r.mode()).append(" run, ").append(r.startedAt()).append(")\n\n");
    b.append("Latency = output record's LogAppendTime − input record's send stamp, ms; ")
        .append(r.settings().get("warmupSeconds")).append(" s warm-up dropped, ")
        .append(r.settings().get("measureSeconds")).append(" s measured per cell.\n\n");
    b.append("| Sink | Trigger | p50 | p90 | p99 | p99.9 | max | out rec/s | measured / expected | dead letters |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (CellResult c : r.cells()) {
      if (c.ok()) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %.0f | %d / %d | %d |%n",
            c.sink(), c.trigger(), c.p50(), c.p90(), c.p99(), c.p999(), c.max(), c.outputRate(),
            c.measured(), c.expected(), c.deadLetters()));
      } else {
        b.append(String.format(Locale.ROOT, "| %s | %s | %s: %s | | | | | | | |%n",
            c.sink(), c.trigger(), c.status(), c.reason().replace("|", "\\|")));
      }
    }
    if (!r.saturation().isEmpty()) {
      b.append("\n### Saturation throughput (AvailableNow over ")
          .append(r.settings().get("saturationRecords")).append(" pre-filled records)\n\n");
      b.append("| Sink | Round | Rows | Batch time ms | rows/s (batch time) | Wall ms | rows/s (wall) | vs stock |\n");
      b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (SaturationResult s : r.saturation()) {
        String ratio = "";
        Optional<SaturationResult> stockSameRound =
            r.saturation().stream().filter(x -> x.sink().equals(E2eSink.STOCK.label()) && x.round() == s.round()).findFirst();
        if (stockSameRound.isPresent() && stockSameRound.get().rowsPerSecond() > 0) {
          ratio = String.format(Locale.ROOT, "%.2f×", s.rowsPerSecond() / stockSameRound.get().rowsPerSecond());
        }
        b.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %,.0f | %,d | %,.0f | %s |%n",
            s.sink(), s.round(), s.rows(), s.batchMillis(), s.rowsPerSecond(), s.wallMillis(),
            s.rowsPerSecondWall(), ratio));
      }
      b.append("\nMean over the rounds after the first (round 1 warms up the JIT):\n\n");
      b.append("| Sink | rows/s | vs kafka | vs kafka-topic-column |\n|---|---:|---:|---:|\n");
      OptionalDouble plain = r.saturationRowsPerSecond(E2eSink.STOCK);
      OptionalDouble column = r.saturationRowsPerSecond(E2eSink.STOCK_TOPIC_COLUMN);
      for (E2eSink sink : E2eSink.values()) {
        OptionalDouble v = r.saturationRowsPerSecond(sink);
        if (v.isPresent()) {
          b.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s |%n", sink.label(), v.getAsDouble(),
              ratio(v, plain), ratio(v, column)));
        }
      }
    }
    b.append("\n### Targets of issue 6\n\n");
    for (String line : targets(r)) {
      b.append("- ").append(line).append('\n');
    }
    return b.toString();
  }

  /** The targets, each as met / missed with the figures. */
  static List<String> targets(HarnessReport r) {
    List<String> lines = new ArrayList<>();
    Optional<CellResult> stock = r.cell(E2eSink.STOCK, E2eTrigger.REALTIME_5MIN);
    for (E2eSink sink : E2eSink.ROUTED_SINKS) {
      Optional<CellResult> routed = r.cell(sink, E2eTrigger.REALTIME_5MIN);
      if (stock.isPresent() && routed.isPresent()) {
        double ratio = (double) routed.get().p99() / Math.max(1, stock.get().p99());
        lines.add(String.format(Locale.ROOT,
            "RTM 5 min, %s p99 ≤ 1.1 × stock p99: %s (%d ms vs %d ms, %.2f×)",
            sink.label(), ratio <= 1.1 ? "**met**" : "**missed** by " + pct(ratio / 1.1 - 1),
            routed.get().p99(), stock.get().p99(), ratio));
        long p99 = routed.get().p99();
        lines.add(String.format(Locale.ROOT, "RTM 5 min, %s p99 < 15 ms: %s (%d ms)",
            sink.label(), p99 < 15 ? "**met**" : "**missed** by " + (p99 - 15 + 1) + " ms", p99));
      } else {
        lines.add("RTM 5 min, " + sink.label() + " vs stock: not measured in this run");
      }
    }
    List<String> over = new ArrayList<>();
    int checked = 0;
    for (CellResult c : r.cells()) {
      E2eTrigger t = E2eTrigger.parse(c.trigger());
      if (t.longRunningTasks() && c.ok()) {
        checked++;
        if (c.p99() >= 800) {
          over.add(c.sink() + "/" + c.trigger() + " " + c.p99() + " ms");
        }
      }
    }
    lines.add(checked == 0
        ? "Every RTM and continuous cell p99 < 800 ms: no such cell measured"
        : over.isEmpty()
            ? "Every RTM and continuous cell p99 < 800 ms: **met** (" + checked + " cells)"
            : "Every RTM and continuous cell p99 < 800 ms: **missed** in " + String.join(", ", over));
    for (E2eSink baseline : List.of(E2eSink.STOCK, E2eSink.STOCK_TOPIC_COLUMN)) {
      OptionalDouble base = r.saturationRowsPerSecond(baseline);
      for (E2eSink sink : E2eSink.ROUTED_SINKS) {
        OptionalDouble routed = r.saturationRowsPerSecond(sink);
        if (base.isPresent() && routed.isPresent() && base.getAsDouble() > 0) {
          double ratio = routed.getAsDouble() / base.getAsDouble();
          lines.add(String.format(Locale.ROOT,
              "Saturation, %s (routing + validation + DLQ) ≥ 0.8 × %s: %s (%,.0f vs %,.0f rows/s, %.2f×)",
              sink.label(), baseline.label(), ratio >= 0.8 ? "**met**" : "**missed** by " + pct(1 - ratio / 0.8),
              routed.getAsDouble(), base.getAsDouble(), ratio));
        }
      }
    }
    return lines;
  }

  private static String ratio(OptionalDouble value, OptionalDouble baseline) {
    return baseline.isPresent() && baseline.getAsDouble() > 0
        ? String.format(Locale.ROOT, "%.2f×", value.getAsDouble() / baseline.getAsDouble())
        : "";
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }
}
