package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals of a streaming query's sink since it started, reported as {@code
 * StreamingQueryProgress.sink.metrics}. Fed from the committed batches' {@link SinkCommitMessage}s
 * on the driver; a batch committed twice (Spark may retry the driver commit) counts once.
 * Thread-safe: continuous queries commit from an RPC thread while progress reads.
 */
public final class SinkTotals {

  private static final DeadLetterReason[] REASONS = DeadLetterReason.values();

  private final RouteTable routes;
  private long rowsIn;
  private long rowsRouted;
  private long rowsDeadLettered;
  private long rowsDropped;
  private long recordsSent;
  private final long[] recordsByRoute;
  private final Map<String, Long> recordsByTopic = new TreeMap<>();
  private final long[] deadLettersByReason = new long[REASONS.length];
  private long lastCommittedEpoch = -1;

  public SinkTotals(RouteTable routes) {
    this.routes = routes;
    this.recordsByRoute = new long[routes.routeCount() + 1];
  }

  /** Adds one committed batch or epoch. */
  public synchronized void add(long epochId, SinkCommitMessage[] messages) {
    if (epochId <= lastCommittedEpoch) {
      return;
    }
    lastCommittedEpoch = epochId;
    for (SinkCommitMessage m : messages) {
      if (m == null) {
        continue;
      }
      rowsIn += m.rowsIn();
      rowsRouted += m.rowsRouted();
      rowsDeadLettered += m.rowsDeadLettered();
      rowsDropped += m.rowsDropped();
      recordsSent += m.recordsSent();
      long[] byRoute = m.recordsByRoute();
      for (int i = 0; i < byRoute.length && i < recordsByRoute.length; i++) {
        recordsByRoute[i] += byRoute[i];
      }
      m.recordsByTopic().forEach((t, c) -> recordsByTopic.merge(t, c, Long::sum));
      long[] byReason = m.deadLettersByReason();
      for (int i = 0; i < byReason.length && i < deadLettersByReason.length; i++) {
        deadLettersByReason[i] += byReason[i];
      }
    }
  }

  /** Metric name to value: cheap (called on every trigger, idle ones too). */
  public synchronized Map<String, String> snapshot() {
    Map<String, String> out = new TreeMap<>();
    out.put(RowsInMetric.NAME, Long.toString(rowsIn));
    out.put(RowsRoutedMetric.NAME, Long.toString(rowsRouted));
    out.put(RowsDeadLetteredMetric.NAME, Long.toString(rowsDeadLettered));
    out.put(RowsDroppedMetric.NAME, Long.toString(rowsDropped));
    long deadLetters = 0;
    for (int i = 0; i < REASONS.length; i++) {
      deadLetters += deadLettersByReason[i];
      if (deadLettersByReason[i] > 0) {
        out.put(DeadLettersMetric.NAME + ".reason." + REASONS[i], Long.toString(deadLettersByReason[i]));
      }
    }
    out.put(DeadLettersMetric.NAME, Long.toString(deadLetters));
    out.put(RecordsSentMetric.NAME, Long.toString(recordsSent));
    for (int i = 0; i < recordsByRoute.length; i++) {
      out.put(RecordsSentMetric.NAME + ".route." + routes.label(i), Long.toString(recordsByRoute[i]));
    }
    recordsByTopic.forEach(
        (t, c) -> out.put(RecordsSentMetric.NAME + ".topic." + t, Long.toString(c)));
    return out;
  }
}
