package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * What one task wrote, sent to the driver with its commit. Small: counts, plus the path of the
 * task's staging file of dead letters for the Delta table (null without one), never the dead
 * letters themselves.
 */
public record SinkCommitMessage(
    long rowsIn,
    long rowsRouted,
    long rowsDeadLettered,
    long rowsDropped,
    long recordsSent,
    long[] recordsByRoute,
    HashMap<String, Long> recordsByTopic,
    long[] deadLettersByReason,
    String stagedDeadLetters)
    implements WriterCommitMessage {

  public static SinkCommitMessage of(DispatchCounters c) {
    return of(c, null);
  }

  public static SinkCommitMessage of(DispatchCounters c, String stagedDeadLetters) {
    Map<String, Long> byTopic = c.recordsByTopic();
    return new SinkCommitMessage(
        c.rowsIn(),
        c.rowsRouted(),
        c.rowsDeadLettered(),
        c.rowsDropped(),
        c.recordsSent(),
        c.recordsByRoute(),
        new HashMap<>(byTopic),
        c.deadLettersByReason(),
        stagedDeadLetters);
  }
}
