package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.plan.DeadLetterSpec;
import io.github.kafkarouted.connector.plan.FeedbackLoopCheck;
import io.github.kafkarouted.connector.plan.RecordLayout;
import io.github.kafkarouted.connector.plan.WriterSpec;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.execution.streaming.runtime.StreamExecution;

/**
 * What a streaming sink can only check once the query runs: Spark gives a sink neither its trigger
 * nor its sources at {@code start()}, so both are checked (and the trigger remembered) from the
 * query's own execution when its first batch is planned (the Delta dead-letter table and exactly-once
 * delivery need micro-batches; the DLQ topic must not
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
    requireMicroBatchWhereNeeded(spec, queryId);
    if (spec.exactlyOnce() != null) {
      requireSourcePartitionColumns(spec);
    }
    DeadLetterSpec dlq = spec.deadLetters();
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
   * Throws, naming the option, if the query is not a micro-batch query and the write needs one (the
   * Delta dead-letter table, exactly-once delivery). Called when the first batch is planned, and
   * again before each batch's tasks ({@link RoutedStreamingWrite}): a continuous query plans its
   * write before it is registered or marked continuous, so only the second call sees it.
   */
  static void requireMicroBatchWhereNeeded(WriterSpec spec, String queryId) {
    DeadLetterSpec dlq = spec.deadLetters();
    if (dlq != null && dlq.toDelta()) {
      StreamingTriggers.requireMicroBatch(
          queryId,
          dlq.deltaOption(),
          "the Delta dead-letter table is appended when a micro-batch commits. Set dlq.topic instead and"
              + " land the DLQ topic in Delta with the companion micro-batch query"
              + " io.github.kafkarouted.dlq.delta.DeadLetters.toDelta(spark, options).");
    }
    if (spec.exactlyOnce() != null) {
      StreamingTriggers.requireMicroBatch(
          queryId,
          "delivery.guarantee",
          "exactly-once commits each task's Kafka transaction when the task ends, so its records would"
              + " only become visible at the end of a batch (minutes in Real-Time Mode, an epoch in"
              + " continuous processing). Use a micro-batch trigger, or delivery.guarantee=at-least-once"
              + " with the idempotency-key header.");
    }
  }

  /**
   * Exactly-once knows a replayed task's rows by the Kafka partition they were read from (the Spark
   * partition index of a batch changes when the Kafka source replays it). Checked here, not at
   * {@code start()}: Spark asks the provider for the table before a batch write too.
   */
  private static void requireSourcePartitionColumns(WriterSpec spec) {
    Set<String> names = new HashSet<>();
    for (Attribute a : spec.inputAttributes()) {
      names.add(a.name().toLowerCase(Locale.ROOT));
    }
    if (!names.contains(RecordLayout.SOURCE_TOPIC_COLUMN) || !names.contains(RecordLayout.SOURCE_PARTITION_COLUMN)) {
      throw new IllegalArgumentException(
          "Option 'delivery.guarantee=exactly-once' needs the columns source_topic and source_partition"
              + " (and source_offset) in the query's output: select topic AS source_topic, partition AS"
              + " source_partition, offset AS source_offset from the Kafka source. A replayed task's rows"
              + " are known by the Kafka partition they were read from.");
    }
  }

  /**
   * Whether the query runs in Real-Time Mode, learnt by {@link #run} from the same lookup (its
   * tasks then judge the error budget over windows of their rows). Valid once {@code run} passed.
   */
  boolean realTime() {
    return realTime;
  }
}
