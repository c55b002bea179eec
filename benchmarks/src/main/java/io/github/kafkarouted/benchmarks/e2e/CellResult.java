package io.github.kafkarouted.benchmarks.e2e;

import java.util.List;

/**
 * The outcome of one latency cell. Latencies in milliseconds: output record's LogAppendTime minus
 * the input record's send stamp, over the routed (non-dead-letter) records sent in the measured
 * window. Immutable.
 *
 * @param status {@code ok}; {@code n/a} when Spark refuses the combination (reason says why);
 *     {@code failed} when the query died while running
 * @param sent records the producer sent (warm-up included)
 * @param expected records sent in the measured window that the sink should write to a measured topic
 * @param measured records of the measured window read from the output (duplicates included)
 * @param deadLetters records read from the dead-letter topic (whole cell)
 * @param inputRate achieved producer rate over the whole cell, records/s
 * @param outputRate records appended to the measured topics during the measured window, per second
 * @param cdf (latency ms, cumulative fraction) points
 */
public record CellResult(
    String sink,
    String trigger,
    String status,
    String reason,
    long sent,
    long expected,
    long measured,
    long deadLetters,
    double inputRate,
    double outputRate,
    long p50,
    long p90,
    long p99,
    long p999,
    long max,
    List<double[]> cdf) {

  static CellResult notApplicable(HarnessSettings.Cell cell, String status, String reason) {
    return new CellResult(
        cell.sink().label(), cell.trigger().label(), status, reason, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
  }

  public boolean ok() {
    return "ok".equals(status);
  }
}
