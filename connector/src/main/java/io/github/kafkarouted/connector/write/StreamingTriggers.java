package io.github.kafkarouted.connector.write;

import java.util.ArrayList;
import java.util.List;
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

  /** Set by Spark on the driver thread of a continuous query (StreamExecution.IS_CONTINUOUS_PROCESSING). */
  private static final String CONTINUOUS_PROPERTY = "__is_continuous_processing";

  private StreamingTriggers() {}

  /**
   * Throws, naming {@code option} and saying {@code why}, unless the query {@code queryId} of the active session is a
   * micro-batch query (any trigger but Real-Time Mode and continuous).
   */
  static void requireMicroBatch(String queryId, String option, String why) {
    StreamExecution execution = execution(queryId);
    boolean continuous =
        "true".equals(SparkSession.active().sparkContext().getLocalProperty(CONTINUOUS_PROPERTY))
            || execution instanceof ContinuousExecution;
    String mode =
        continuous
            ? "continuous processing"
            : isRealTime(execution) ? "Real-Time Mode" : null;
    if (mode != null) {
      throw new IllegalArgumentException(
          "Option '" + option + "' is not supported under " + mode + ": " + why);
    }
  }

  /** Whether {@code execution} (null: not found) runs in Real-Time Mode. */
  static boolean isRealTime(StreamExecution execution) {
    return execution != null && execution.trigger() instanceof RealTimeTrigger;
  }

  /**
   * The query's execution. The planning thread's active session is the query's clone of the
   * session that started it, whose query manager does not know the query; the default session
   * (the application's) usually does.
   */
  static StreamExecution execution(String queryId) {
    if (queryId == null) {
      return null;
    }
    UUID id;
    try {
      id = UUID.fromString(queryId);
    } catch (IllegalArgumentException e) {
      return null;
    }
    List<SparkSession> sessions = new ArrayList<>(2);
    SparkSession.getActiveSession().foreach(sessions::add);
    SparkSession.getDefaultSession().foreach(sessions::add);
    for (SparkSession session : sessions) {
      StreamingQuery query = session.streams().get(id);
      if (query instanceof StreamingQueryWrapper wrapper) {
        return wrapper.streamingQuery();
      }
    }
    return null;
  }
}
