package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** What one task wrote, sent to the driver with its commit. Small: counts only. */
public record SinkCommitMessage(
    long rowsIn,
    long rowsRouted,
    long rowsDeadLettered,
    long rowsDropped,
    long recordsSent,
    long[] recordsByRoute,
    HashMap<String, Long> recordsByTopic,
    long[] deadLettersByReason)
    implements WriterCommitMessage {

  public static SinkCommitMessage of(DispatchCounters c) {
    Map<String, Long> byTopic = c.recordsByTopic();
    return new SinkCommitMessage(
        c.rowsIn(),
        c.rowsRouted(),
        c.rowsDeadLettered(),
        c.rowsDropped(),
        c.recordsSent(),
        c.recordsByRoute(),
        new HashMap<>(byTopic),
        c.deadLettersByReason());
  }
}
