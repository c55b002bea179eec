package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.writer.DeadLetterWriter;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.Header;

/**
 * Where a task's dead letters go: the DLQ writer plus the context every dead letter carries (query,
 * batch, time). Not thread-safe: only the task thread sends dead letters (asynchronous route
 * failures are queued by the producer callback and drained on the task thread).
 */
public final class DeadLetterChannel {

  private final DeadLetterWriter writer;
  private final String queryId;
  private final long batchId;
  private final LongSupplier clock;

  public DeadLetterChannel(
      DeadLetterWriter writer, String queryId, long batchId, LongSupplier clock) {
    this.writer = writer;
    this.queryId = queryId;
    this.batchId = batchId;
    this.clock = clock;
  }

  /**
   * Sends one dead letter: the original key, value and headers unchanged, plus the reason and the
   * error. {@code error} may be null when {@code errorClass}/{@code message} describe it.
   */
  void send(
      DeadLetterReason reason,
      RowRecord row,
      List<String> targets,
      Throwable error,
      String errorClass,
      String message) {
    send(reason, row, targets, error, errorClass, message, null);
  }

  /** As above, for a row that broke data-quality rule {@code rule} (null for other reasons). */
  void send(
      DeadLetterReason reason,
      RowRecord row,
      List<String> targets,
      Throwable error,
      String errorClass,
      String message,
      String rule) {
    DeadLetter.Builder b =
        DeadLetter.builder()
            .key(row.key())
            .value(row.value())
            .headers(headersOrEmpty(row.headers()))
            .timestampMillis(row.originalTimestampMillis())
            // A replayed record that fails again says how often it was replayed (replay stops at a maximum).
            .replayCount(DeadLetterHeaders.replayCountOf(row.headers()))
            .reason(reason)
            .targetTopics(targets)
            .sourceTopic(row.sourceTopic())
            .sourcePartition(row.sourcePartition())
            .sourceOffset(row.sourceOffset())
            .queryId(queryId)
            .batchId(batchId)
            .failedAtMillis(clock.getAsLong())
            .rule(rule);
    if (error != null) {
      b.error(error);
    }
    if (errorClass != null) {
      b.errorClass(errorClass);
    }
    if (message != null) {
      b.errorMessage(message);
    }
    writer.write(b.build());
  }

  /** Waits until every dead letter is acknowledged; a failure fails the task (no row is lost). */
  void flush() {
    writer.flushAndCheck();
  }

  /** The row's headers; those without key (see {@link NullKeyHeader}) cannot be written. */
  private static List<Header> headersOrEmpty(List<Header> headers) {
    return headers == null ? List.of() : NullKeyHeader.writable(headers);
  }
}
