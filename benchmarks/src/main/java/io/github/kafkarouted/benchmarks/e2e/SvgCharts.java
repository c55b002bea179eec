package io.github.kafkarouted.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts as standalone SVG files (no plotting library): per trigger, the latency CDF
 * of each sink ({@code latency-cdf-<trigger>.svg}, x = latency on a log scale, y = percentile on a
 * {@code log(1/(1-p))} scale so the tail up to 99.99% is visible); p99 per cell ({@code
 * latency-p99.svg}); saturation rows/s per sink ({@code saturation-throughput.svg}).
 *
 * <p>Stateless.
 */
final class SvgCharts {
  /** By {@link E2eSink} ordinal. */
  /** One colour per {@link E2eSink}, in declaration order. */
  private static final String[] COLORS = {"#1f77b4", "#9ecae1", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
  private static final int W = 760;
  private static final int H = 440;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final double MAX_NINES = 4; // 99.99%

  private SvgCharts() {}

  static List<Path> write(HarnessReport report, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (E2eTrigger trigger : E2eTrigger.values()) {
      List<CellResult> cells =
          report.cells().stream().filter(c -> c.trigger().equals(trigger.label()) && c.ok()).toList();
      if (!cells.isEmpty()) {
        files.add(save(dir.resolve("latency-cdf-" + trigger.label() + ".svg"), cdf(trigger, cells)));
      }
    }
    if (report.cells().stream().anyMatch(CellResult::ok)) {
      files.add(save(dir.resolve("latency-p99.svg"), p99Bars(report)));
    }
    if (!report.saturation().isEmpty()) {
      files.add(save(dir.resolve("saturation-throughput.svg"), saturationBars(report)));
    }
    return files;
  }

  private static Path save(Path path, String svg) throws IOException {
    Files.writeString(path, svg, StandardCharsets.UTF_8);
    return path;
  }

  static String cdf(E2eTrigger trigger, List<CellResult> cells) {
    long maxLatency = cells.stream().mapToLong(CellResult::max).max().orElse(1);
    double xMaxLog = Math.max(1, Math.ceil(Math.log10(Math.max(1, maxLatency))));
    double xMinLog = -0.5; // 0 ms drawn at ~0.3 ms
    StringBuilder s = header("Latency CDF, trigger " + trigger.label() + " (1,000 rec/s, 4 partitions, local[4])");
    // Grid and axes.
    for (int d = (int) Math.ceil(xMinLog); d <= xMaxLog; d++) {
      double x = xPos(d, xMinLog, xMaxLog);
      line(s, x, TOP, x, H - BOTTOM, "#ddd");
      text(s, x, H - BOTTOM + 18, "middle", formatMillis(Math.pow(10, d)));
    }
    String[] nines = {"0%", "90%", "99%", "99.9%", "99.99%"};
    for (int n = 0; n <= MAX_NINES; n++) {
      double y = yPos(n);
      line(s, LEFT, y, W - RIGHT, y, "#ddd");
      text(s, LEFT - 8, y + 4, "end", nines[n]);
    }
    text(s, (LEFT + W - RIGHT) / 2.0, H - 20, "middle", "latency (ms, log scale): output LogAppendTime − input send stamp");
    s.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\">percentile</text>%n",
        (TOP + H - BOTTOM) / 2.0, (TOP + H - BOTTOM) / 2.0));
    for (int i = 0; i < cells.size(); i++) {
      CellResult c = cells.get(i);
      String color = COLORS[E2eSink.parse(c.sink()).ordinal()];
      StringBuilder points = new StringBuilder();
      double prevY = yPos(0);
      for (double[] p : c.cdf()) {
        double x = xPos(Math.log10(Math.max(0.3, p[0])), xMinLog, xMaxLog);
        double y = yPos(Math.min(MAX_NINES, p[1] >= 1 ? MAX_NINES : Math.log10(1 / (1 - p[1]))));
        points.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x, prevY, x, y));
        prevY = y;
      }
      s.append(String.format(Locale.ROOT,
          "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", color, points.toString().trim()));
      // Top left: the empty corner of a CDF (high percentiles at low latency).
      double ly = TOP + 16 + i * 18;
      line(s, LEFT + 10, ly - 4, LEFT + 30, ly - 4, color);
      text(s, LEFT + 36, ly, "start",
          String.format(Locale.ROOT, "%s: p50 %d, p99 %d, max %d ms", c.sink(), c.p50(), c.p99(), c.max()));
    }
    return s.append("</svg>\n").toString();
  }

  static String p99Bars(HarnessReport report) {
    List<CellResult> ok = report.cells().stream().filter(CellResult::ok).toList();
    long max = ok.stream().mapToLong(CellResult::p99).max().orElse(1);
    double yMaxLog = Math.max(1, Math.ceil(Math.log10(Math.max(1, max))));
    StringBuilder s = header("p99 latency per cell (ms, log scale)");
    double plotH = H - TOP - BOTTOM;
    for (int d = 0; d <= yMaxLog; d++) {
      double y = H - BOTTOM - plotH * d / yMaxLog;
      line(s, LEFT, y, W - RIGHT, y, "#ddd");
      text(s, LEFT - 8, y + 4, "end", formatMillis(Math.pow(10, d)));
    }
    E2eTrigger[] triggers = E2eTrigger.values();
    E2eSink[] sinks = E2eSink.MATRIX.toArray(new E2eSink[0]);
    double groupW = (W - LEFT - RIGHT) / (double) triggers.length;
    double barW = groupW * 0.8 / sinks.length;
    for (int t = 0; t < triggers.length; t++) {
      double gx = LEFT + t * groupW + groupW * 0.1;
      text(s, gx + groupW * 0.4, H - BOTTOM + 18, "middle", triggers[t].label());
      for (int k = 0; k < sinks.length; k++) {
        E2eSink sink = sinks[k];
        E2eTrigger trigger = triggers[t];
        var cell = report.cell(sink, trigger);
        double x = gx + k * barW;
        if (cell.isEmpty()) {
          // A cell Spark refused (n/a) or that failed is marked; one not in this run is left blank.
          report.cells().stream()
              .filter(c -> c.sink().equals(sink.label()) && c.trigger().equals(trigger.label()))
              .findFirst()
              .ifPresent(c -> text(s, x + barW / 2, H - BOTTOM - 4, "middle", c.status()));
          continue;
        }
        double v = Math.log10(Math.max(1, cell.get().p99()));
        double h = plotH * v / yMaxLog;
        s.append(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
            x, H - BOTTOM - h, barW - 2, Math.max(1, h), COLORS[sink.ordinal()]));
        text(s, x + barW / 2, H - BOTTOM - h - 4, "middle", Long.toString(cell.get().p99()));
      }
    }
    legend(s, sinks);
    return s.append("</svg>\n").toString();
  }

  static String saturationBars(HarnessReport report) {
    E2eSink[] sinks = E2eSink.values();
    double max = 1;
    for (E2eSink sink : sinks) {
      max = Math.max(max, report.saturationRowsPerSecond(sink).orElse(0));
    }
    StringBuilder s = header("Saturation throughput, AvailableNow over a pre-filled topic (rows/s of batch time)");
    double plotH = H - TOP - BOTTOM;
    double step = niceStep(max / 5);
    for (double v = 0; v <= max * 1.05; v += step) {
      double y = H - BOTTOM - plotH * v / (max * 1.1);
      line(s, LEFT, y, W - RIGHT, y, "#ddd");
      text(s, LEFT - 8, y + 4, "end", String.format(Locale.ROOT, "%,.0f", v));
    }
    double barW = (W - LEFT - RIGHT) / (double) sinks.length;
    for (int k = 0; k < sinks.length; k++) {
      var r = report.saturationRowsPerSecond(sinks[k]);
      double x = LEFT + k * barW + barW * 0.2;
      text(s, x + barW * 0.3, H - BOTTOM + 18, "middle", sinks[k].label());
      if (r.isEmpty()) {
        text(s, x + barW * 0.3, H - BOTTOM - 4, "middle", "n/a");
        continue;
      }
      double h = plotH * r.getAsDouble() / (max * 1.1);
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
          x, H - BOTTOM - h, barW * 0.6, h, COLORS[sinks[k].ordinal()]));
      text(s, x + barW * 0.3, H - BOTTOM - h - 6, "middle", String.format(Locale.ROOT, "%,.0f", r.getAsDouble()));
    }
    return s.append("</svg>\n").toString();
  }

  private static double niceStep(double raw) {
    double mag = Math.pow(10, Math.floor(Math.log10(Math.max(1, raw))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * mag >= raw) {
        return m * mag;
      }
    }
    return 10 * mag;
  }

  /** One row under the x axis labels, so it never covers a bar. */
  private static void legend(StringBuilder s, E2eSink[] sinks) {
    double step = (W - LEFT - RIGHT) / (double) sinks.length;
    for (int k = 0; k < sinks.length; k++) {
      double x = LEFT + k * step + step / 4;
      double y = H - 24;
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, y - 10, COLORS[sinks[k].ordinal()]));
      text(s, x + 18, y, "start", sinks[k].label());
    }
  }

  private static double xPos(double log, double minLog, double maxLog) {
    return LEFT + (W - LEFT - RIGHT) * (log - minLog) / (maxLog - minLog);
  }

  private static double yPos(double nines) {
    return H - BOTTOM - (H - TOP - BOTTOM) * nines / MAX_NINES;
  }

  private static String formatMillis(double ms) {
    if (ms >= 1000) {
      return String.format(Locale.ROOT, "%.0f s", ms / 1000);
    }
    return ms >= 1 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
  }

  private static StringBuilder header(String title) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
    text(s, W / 2.0, 22, "middle", title);
    line(s, LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, "#333");
    line(s, LEFT, TOP, LEFT, H - BOTTOM, "#333");
    return s;
  }

  private static void line(StringBuilder s, double x1, double y1, double x2, double y2, String color) {
    s.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n", x1, y1, x2, y2, color));
  }

  private static void text(StringBuilder s, double x, double y, String anchor, String text) {
    s.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, escape(text)));
  }

  private static String escape(String t) {
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
