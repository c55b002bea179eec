package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.plan.DeadLetterSpec;
import io.github.kafkarouted.connector.plan.FeedbackLoopCheck;
import io.github.kafkarouted.connector.plan.WriterSpec;
import org.apache.spark.sql.execution.streaming.runtime.StreamExecution;

/**
 * What a streaming sink can only check once the query runs: Spark gives a sink neither its trigger
 * nor its sources at {@code start()}, so both are checked (and the trigger remembered) from the
 * query's own execution when its first batch is planned (the Delta dead-letter table needs micro-batches; the DLQ topic must not
 * be a source topic). Spark builds a write several times per batch, every batch; the plan and the
 * trigger never change, so the checks run once per query. One per streaming table; thread-safe.
 */
public final class FirstBatchChecks {

  private volatile boolean passed;
  private volatile boolean realTime;

  /** Throws, naming the option, if the query cannot host this sink; a no-op once passed. */
  void run(WriterSpec spec, String queryId) {
    if (passed) {
      return;
    }
    DeadLetterSpec dlq = spec.deadLetters();
    if (dlq != null && dlq.toDelta()) {
      StreamingTriggers.requireMicroBatch(queryId, dlq.deltaOption());
    }
    StreamExecution execution = StreamingTriggers.execution(queryId);
    realTime = StreamingTriggers.isRealTime(execution);
    if (execution != null) {
      FeedbackLoopCheck.check(execution.analyzedPlan(), dlq);
    } else {
      FeedbackLoopCheck.cannotCheck(dlq, "query " + queryId + " not found");
    }
    passed = true;
  }

  /**
   * Whether the query runs in Real-Time Mode, learnt by {@link #run} from the same lookup (its
   * tasks then judge the error budget over windows of their rows). Valid once {@code run} passed.
   */
  boolean realTime() {
    return realTime;
  }
}
