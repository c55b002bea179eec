package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.metrics.SinkMetrics;
import io.github.kafkarouted.connector.metrics.SinkTotals;
import io.github.kafkarouted.connector.plan.DeadLetterSpec;
import io.github.kafkarouted.connector.plan.FeedbackLoopCheck;
import io.github.kafkarouted.connector.plan.WriterSpec;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.apache.spark.sql.execution.streaming.runtime.StreamExecution;

/** The logical write: a streaming write (micro-batch, continuous and Real-Time Mode alike). */
final class RoutedWrite implements Write {

  private final WriterSpec spec;
  private final SinkTotals totals;
  private final String queryId;

  RoutedWrite(WriterSpec spec, SinkTotals totals, String queryId) {
    this.spec = spec;
    this.totals = totals;
    this.queryId = queryId;
  }

  @Override
  public String description() {
    return spec.description();
  }

  @Override
  public StreamingWrite toStreaming() {
    DeadLetterSpec dlq = spec.deadLetters();
    if (dlq != null && dlq.toDelta()) {
      StreamingTriggers.requireMicroBatch(queryId, dlq.deltaOption());
    }
    // Spark gives a sink neither its trigger nor its sources at start(): both are checked when the
    // first batch is planned, from the query's own plan.
    StreamExecution execution = StreamingTriggers.execution(queryId);
    if (execution != null) {
      FeedbackLoopCheck.check(execution.analyzedPlan(), dlq);
    } else {
      FeedbackLoopCheck.cannotCheck(dlq, "query " + queryId + " not found");
    }
    return new RoutedStreamingWrite(spec, totals, queryId);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return SinkMetrics.supported();
  }
}
