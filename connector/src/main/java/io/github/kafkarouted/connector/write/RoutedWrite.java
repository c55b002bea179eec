package io.github.kafkarouted.connector.write;

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

  RoutedWrite(WriterSpec spec, SinkTotals totals) {
    this.spec = spec;
    this.totals = totals;
  }

  @Override
  public String description() {
    return spec.description();
  }

  @Override
  public StreamingWrite toStreaming() {
    return new RoutedStreamingWrite(spec, totals);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return SinkMetrics.supported();
  }
}
