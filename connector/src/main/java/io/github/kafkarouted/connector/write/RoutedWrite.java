package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.delivery.MarkerTopic;

import io.github.kafkarouted.connector.metrics.SinkMetrics;
import io.github.kafkarouted.connector.metrics.SinkTotals;
import io.github.kafkarouted.connector.plan.WriterSpec;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;

/** The logical write: a streaming write (micro-batch, continuous and Real-Time Mode alike). */
final class RoutedWrite implements Write {

  private final WriterSpec spec;
  private final SinkTotals totals;
  private final String queryId;
  private final FirstBatchChecks firstBatchChecks;
  private final MarkerTopic markerTopic;

  RoutedWrite(
      WriterSpec spec, SinkTotals totals, String queryId, FirstBatchChecks firstBatchChecks, MarkerTopic markerTopic) {
    this.markerTopic = markerTopic;
    this.spec = spec;
    this.totals = totals;
    this.queryId = queryId;
    this.firstBatchChecks = firstBatchChecks;
  }

  @Override
  public String description() {
    return spec.description();
  }

  @Override
  public StreamingWrite toStreaming() {
    firstBatchChecks.run(spec, queryId);
    return new RoutedStreamingWrite(spec.forStreamingWrite(queryId), totals, queryId, firstBatchChecks.realTime(), markerTopic);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return SinkMetrics.supported(spec.ruleTable().names());
  }
}
