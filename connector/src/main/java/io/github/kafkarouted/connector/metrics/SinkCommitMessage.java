package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.dispatch.OutcomeCounts;
import io.github.kafkarouted.dlq.model.ReasonCounts;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * What one task wrote, sent to the driver with its commit. Small: counts, plus the path of the
 * task's staging file of dead letters for the Delta table (null without one), never the dead
 * letters themselves.
 *
 * @param outcomes one count per outcome
 * @param recordsByRoute records sent per route index (the last slot is the default target)
 * @param recordsByTopic records sent per topic
 * @param deadLettersByReason dead letters per reason
 * @param violationsByRule violations per data-quality rule index
 * @param rowsDroppedByRules rows dropped by rules with action drop
 */
public record SinkCommitMessage(
    OutcomeCounts outcomes,
    long[] recordsByRoute,
    HashMap<String, Long> recordsByTopic,
    ReasonCounts deadLettersByReason,
    long[] violationsByRule,
    long rowsDroppedByRules,
    String stagedDeadLetters)
    implements WriterCommitMessage {

  public static SinkCommitMessage of(DispatchCounters c) {
    return of(c, null);
  }

  public static SinkCommitMessage of(DispatchCounters c, String stagedDeadLetters) {
    Map<String, Long> byTopic = c.recordsByTopic();
    return new SinkCommitMessage(
        c.outcomes(),
        c.recordsByRoute(),
        new HashMap<>(byTopic),
        c.deadLetterReasons(),
        c.violationsByRule(),
        c.rowsDroppedByRules(),
        stagedDeadLetters);
  }
}
