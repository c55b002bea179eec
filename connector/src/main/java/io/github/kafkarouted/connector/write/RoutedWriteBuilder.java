package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.delivery.MarkerTopic;

import io.github.kafkarouted.connector.metrics.SinkTotals;
import io.github.kafkarouted.connector.plan.WriterSpec;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.internal.connector.SupportsStreamingUpdateAsAppend;

/**
 * Builds the write. Update output mode (required by Real-Time Mode) is accepted as append, and
 * complete mode's truncate is a no-op, exactly as Spark's kafka sink does: Kafka topics are logs.
 * Spark builds a write several times per batch, so this does no work of its own.
 */
public final class RoutedWriteBuilder
    implements WriteBuilder, SupportsTruncate, SupportsStreamingUpdateAsAppend {

  private final WriterSpec spec;
  private final SinkTotals totals;
  private final String queryId;
  private final FirstBatchChecks firstBatchChecks;
  private final MarkerTopic markerTopic;

  /**
   * @param queryId the streaming query's id (stable across restarts), from {@code LogicalWriteInfo}
   * @param firstBatchChecks the streaming table's once-per-query checks
   * @param markerTopic the streaming table's exactly-once marker topic, or null (at-least-once)
   */
  public RoutedWriteBuilder(
      WriterSpec spec,
      SinkTotals totals,
      String queryId,
      FirstBatchChecks firstBatchChecks,
      MarkerTopic markerTopic) {
    this.markerTopic = markerTopic;
    this.firstBatchChecks = firstBatchChecks;
    this.spec = spec;
    this.totals = totals;
    this.queryId = queryId;
  }

  @Override
  public Write build() {
    return new RoutedWrite(spec, totals, queryId, firstBatchChecks, markerTopic);
  }

  @Override
  public WriteBuilder truncate() {
    return this;
  }
}
