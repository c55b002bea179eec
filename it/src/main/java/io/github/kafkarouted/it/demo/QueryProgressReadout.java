package io.github.kafkarouted.it.demo;

import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.streaming.SinkProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Reads the routing query's last progress report: the sink's totals and a one-line summary for
 * the live view. Progress is not always there (continuous processing reports none, Real-Time Mode
 * only when a batch ends), so every reader has an answer for "none yet". Stateless and
 * thread-safe.
 */
final class QueryProgressReadout {
  private QueryProgressReadout() {}

  /** A sink metric from the last progress report, or -1 (continuous queries report none). */
  static long sinkMetric(StreamingQuery q, String name) {
    StreamingQueryProgress p = q == null ? null : q.lastProgress();
    SinkProgress sink = p == null ? null : p.sink();
    String value = sink == null || sink.metrics() == null ? null : sink.metrics().get(name);
    try {
      return value == null ? -1 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One line about the last batch and the sink totals, or why there is none yet. */
  static String sparkLine(StreamingQuery q, DemoTrigger trigger) {
    StreamingQueryProgress p = q.lastProgress();
    if (p == null) {
      return switch (trigger) {
        case CONTINUOUS -> "continuous processing reports no progress (epochs commit every 1 s)";
        case REALTIME -> "batch 0 running: Real-Time Mode reports progress when a batch ends";
        case MICROBATCH -> "first batch running";
      };
    }
    Map<String, String> metrics = p.sink() == null ? Map.of() : p.sink().metrics();
    return String.format(
        Locale.ROOT,
        "last batch %d: %d rows in %d ms; sink totals rowsIn %s rowsRouted %s recordsSent %s rowsDropped %s",
        p.batchId(),
        p.numInputRows(),
        p.batchDuration(),
        metrics.getOrDefault("rowsIn", "?"),
        metrics.getOrDefault("rowsRouted", "?"),
        metrics.getOrDefault("recordsSent", "?"),
        metrics.getOrDefault("rowsDropped", "?"));
  }
}
