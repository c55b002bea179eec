package io.github.kafkarouted.lag.tracking;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kafka-routed sink's counts of one query run, from its two sources: the progress's {@code
 * sink.metrics} (committed batches; DataSource V2 sink only, and only at batch end) and the
 * executors' live counters (every task, while it writes: also the ForeachWriter and Real-Time Mode
 * mid-batch). Each count is the larger of the two, so it is as fresh as the fresher source and
 * never goes down while the run lasts. An executor whose counts restart (its counters of an idle run
 * were dropped) keeps what it had counted before: counters stay monotonic.
 *
 * <p>Not thread-safe: guarded by the owning {@link LagTracker}.
 */
final class SinkOutcomeState {

  /** A key every kafka-routed {@code sink.metrics} has: tells its metrics from other sinks'. */
  static final String ROWS_IN = "rowsIn";

  private Map<String, Long> fromProgress = Map.of();
  private final Map<String, ExecutorCounts> byExecutor = new HashMap<>();

  /** The counts of one executor: its last report plus what it counted before a restart. */
  private static final class ExecutorCounts {
    final Map<String, Long> last = new HashMap<>();
    final Map<String, Long> beforeRestart = new HashMap<>();

    void update(Map<String, Long> totals) {
      totals.forEach(
          (key, value) -> {
            Long previous = last.get(key);
            if (previous != null && value < previous) {
              beforeRestart.merge(key, previous, Long::sum);
            }
            last.put(key, value);
          });
    }

    void addTo(Map<String, Long> sum) {
      last.forEach((k, v) -> sum.merge(k, v, Long::sum));
      beforeRestart.forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
  }

  /** A progress's {@code sink.metrics}; ignored unless it is kafka-routed's. */
  void progress(Map<String, String> sinkMetrics) {
    if (!sinkMetrics.containsKey(ROWS_IN)) {
      return;
    }
    Map<String, Long> parsed = new HashMap<>();
    sinkMetrics.forEach(
        (k, v) -> {
          try {
            parsed.put(k, Long.parseLong(v));
          } catch (NumberFormatException e) {
            // Not a count.
          }
        });
    fromProgress = parsed;
  }

  /** An executor's live counts of this run. */
  void live(String executorId, Map<String, Long> totals) {
    byExecutor.computeIfAbsent(executorId, k -> new ExecutorCounts()).update(totals);
  }

  /** The counts by {@code sink.metrics} name; empty if the query has no kafka-routed sink. */
  Map<String, Long> merged() {
    Map<String, Long> live = new TreeMap<>();
    byExecutor.values().forEach(e -> e.addTo(live));
    fromProgress.forEach((k, v) -> live.merge(k, v, Math::max));
    return live;
  }
}
