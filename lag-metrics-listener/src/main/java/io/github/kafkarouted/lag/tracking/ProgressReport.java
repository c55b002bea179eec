package io.github.kafkarouted.lag.tracking;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The part of one {@code StreamingQueryProgress} the lag tracker uses, free of Spark types so
 * that the tracker can be tested without Spark.
 *
 * @param queryId the query's id
 * @param runId the run's id
 * @param queryName the query's name, may be null
 * @param batchId the batch the progress reports
 * @param sources one entry per source of the query, in progress order
 * @param sinkMetrics the sink's {@code sink.metrics} (kafka-routed reports its totals there); empty
 *     for other sinks
 */
public record ProgressReport(
    UUID queryId,
    UUID runId,
    String queryName,
    long batchId,
    List<SourceReport> sources,
    Map<String, String> sinkMetrics) {

  public ProgressReport {
    sources = List.copyOf(sources);
    sinkMetrics = sinkMetrics == null ? Map.of() : Map.copyOf(sinkMetrics);
  }

  /** A report without sink metrics. */
  public ProgressReport(
      UUID queryId, UUID runId, String queryName, long batchId, List<SourceReport> sources) {
    this(queryId, runId, queryName, batchId, sources, Map.of());
  }

  /**
   * One {@code SourceProgress}: its description and offset JSON strings (any may be null).
   *
   * @param description e.g. {@code KafkaV2[Subscribe[topicA]]}
   * @param startOffset offsets the batch started from
   * @param endOffset offsets the batch read up to: the query's position once the batch committed
   * @param latestOffset end offsets fetched when the batch was planned (stale in Real-Time Mode)
   */
  public record SourceReport(
      String description, String startOffset, String endOffset, String latestOffset) {}
}
