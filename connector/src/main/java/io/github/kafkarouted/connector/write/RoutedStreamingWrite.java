package io.github.kafkarouted.connector.write;

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
 * flushed), so the driver commit only adds the batch's counts to the sink totals; abort has
 * nothing to undo. Delivery is at-least-once: a failed or replayed batch is written again.
 */
final class RoutedStreamingWrite implements StreamingWrite {

  private final WriterSpec spec;
  private final SinkTotals totals;

  RoutedStreamingWrite(WriterSpec spec, SinkTotals totals) {
    this.spec = spec;
    this.totals = totals;
  }

  @Override
  public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
    return new RoutedWriterFactory(spec);
  }

  @Override
  public boolean useCommitCoordinator() {
    // Nothing to arbitrate: each task's records are in Kafka before it commits.
    return false;
  }

  @Override
  public void commit(long epochId, WriterCommitMessage[] messages) {
    totals.add(
        epochId,
        Arrays.stream(messages)
            .filter(SinkCommitMessage.class::isInstance)
            .map(SinkCommitMessage.class::cast)
            .toArray(SinkCommitMessage[]::new));
  }

  @Override
  public void abort(long epochId, WriterCommitMessage[] messages) {}
}
