package io.github.kafkarouted.connector.write;

import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.RealTimeTrigger;
import org.apache.spark.sql.execution.streaming.continuous.ContinuousExecution;
import org.apache.spark.sql.execution.streaming.runtime.StreamExecution;
import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Which trigger runs the query being planned. Spark does not tell a sink, and a Delta append needs
 * a driver commit per batch between micro-batches: Real-Time Mode (which rejects Delta sinks) and
 * continuous processing (whose commits are per epoch, on an RPC thread) cannot host it.
 */
final class StreamingTriggers {

  private StreamingTriggers() {}

  /**
   * Throws, naming {@code option}, unless the query {@code queryId} of the active session is a
   * micro-batch query (any trigger but Real-Time Mode and continuous).
   */
  static void requireMicroBatch(String queryId, String option) {
    StreamExecution execution = execution(queryId);
    if (execution == null) {
      return;
    }
    String mode =
        execution instanceof ContinuousExecution
            ? "continuous processing"
            : execution.trigger() instanceof RealTimeTrigger ? "Real-Time Mode" : null;
    if (mode != null) {
      throw new IllegalArgumentException(
          "Option '" + option + "' is not supported under " + mode + ": the Delta dead-letter table is"
              + " appended when a micro-batch commits. Set dlq.topic instead and land the DLQ topic in"
              + " Delta with the companion micro-batch query io.github.kafkarouted.dlq.DeadLetters.toDelta(spark, options).");
    }
  }

  private static StreamExecution execution(String queryId) {
    if (queryId == null) {
      return null;
    }
    StreamingQuery query;
    try {
      query = SparkSession.active().streams().get(UUID.fromString(queryId));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return query instanceof StreamingQueryWrapper wrapper ? wrapper.streamingQuery() : null;
  }
}
