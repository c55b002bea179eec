package io.github.kafkarouted.benchmarks.e2e;

/**
 * One sink's saturation run: {@code Trigger.AvailableNow} over a pre-filled topic. Immutable.
 *
 * @param rows input rows the query read (sum of its progress reports)
 * @param written records on the sink's output topics afterwards (dead letters included)
 * @param batchMillis sum of the batches' {@code triggerExecution} durations
 * @param wallMillis from {@code start()} to the query's end (planning and startup included)
 * @param rowsPerSecond rows / batch time: the figure compared across sinks
 */
public record SaturationResult(
    String sink,
    int round,
    String status,
    String reason,
    long rows,
    long written,
    long batchMillis,
    long wallMillis,
    double rowsPerSecond,
    double rowsPerSecondWall) {}
