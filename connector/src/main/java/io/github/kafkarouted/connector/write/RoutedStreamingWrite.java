package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.delivery.MarkerTopic;

import io.github.kafkarouted.connector.metrics.SinkCommitMessage;
import io.github.kafkarouted.connector.metrics.SinkTotals;
import io.github.kafkarouted.connector.plan.WriterSpec;
import java.util.Arrays;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;

/**
 * Driver side of a streaming write. Records are already in Kafka when a task commits (its writer
 * flushed; with exactly-once, its transaction committed), so the driver commit adds the batch's counts to the sink totals and, with {@code
 * dlq.delta.*}, appends the batch's staged dead letters to the Delta table with Delta's
 * idempotent writes ({@code txnAppId} = query id, {@code txnVersion} = batch id): a batch replayed
 * after a crash between this append and Spark's commit log does not duplicate them. Records sent to
 * Kafka are at-least-once (a failed or replayed batch is written again), unless exactly-once: then a
 * replayed batch's tasks find their commit markers and write nothing again, so the driver has
 * nothing to commit to Kafka and only makes sure, before the first batch, that the marker topic
 * exists.
 */
final class RoutedStreamingWrite implements StreamingWrite {

  private final WriterSpec spec;
  private final SinkTotals totals;
  private final String queryId;
  private final boolean realTime;
  private final MarkerTopic markerTopic;

  /**
   * @param spec the spec of this query's write ({@link WriterSpec#forWrite})
   * @param realTime whether the query runs in Real-Time Mode (tasks then judge budget windows)
   * @param markerTopic exactly-once: the marker topic; null at-least-once
   */
  RoutedStreamingWrite(WriterSpec spec, SinkTotals totals, String queryId, boolean realTime, MarkerTopic markerTopic) {
    this.markerTopic = markerTopic;
    this.spec = spec;
    this.totals = totals;
    this.queryId = queryId;
    this.realTime = realTime;
  }

  @Override
  public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
    FirstBatchChecks.requireMicroBatchWhereNeeded(spec, queryId);
    // Before the first batch's tasks run (a no-op after): the markers are offsets on its partition.
    if (markerTopic != null) {
      markerTopic.ensureExists(spec.exactlyOnce().markerTopic());
    }
    return new RoutedWriterFactory(spec, queryId, realTime);
  }

  @Override
  public boolean useCommitCoordinator() {
    // Nothing to arbitrate: each task's records are in Kafka before it commits, and only the
    // staging files named in commit messages are appended.
    return false;
  }

  @Override
  public void commit(long epochId, WriterCommitMessage[] messages) {
    SinkCommitMessage[] committed =
        Arrays.stream(messages)
            .filter(SinkCommitMessage.class::isInstance)
            .map(SinkCommitMessage.class::cast)
            .toArray(SinkCommitMessage[]::new);
    // Before anything of the batch is committed (Delta dead letters, totals, Spark's commit log).
    BatchBudget.check(spec, "Batch " + epochId, committed);
    DeadLetterTableCommit.append(
        spec, Arrays.stream(committed).map(SinkCommitMessage::stagedDeadLetters), queryId, epochId, queryId);
    totals.add(epochId, committed);
  }

  @Override
  public void abort(long epochId, WriterCommitMessage[] messages) {
    // Staged files stay until the replayed batch commits, which deletes the batch's directory.
  }
}
