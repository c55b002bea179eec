package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * The records of one task in flight, and the failure policy for them. Without a DLQ, one shared
 * callback keeps the first failure (as Spark's kafka sink does). With a DLQ, each record has a
 * callback that keeps what a dead letter of it needs and, on failure, queues itself for the task
 * thread (sending a dead letter from the producer's I/O thread could block it). The task thread
 * then takes the failures: a problem of the record's data ({@link SendFailureKind}) comes back as a
 * {@link FailedSend} to dead-letter; any other failure fails the task, now and on every later call.
 */
final class SendTracker {

  private final boolean deadLettered;
  private final Queue<FailedSend> failed = new ConcurrentLinkedQueue<>();
  private volatile Exception firstFailure;
  private final Callback firstFailureCallback =
      (metadata, exception) -> {
        if (exception != null && firstFailure == null) {
          firstFailure = exception;
        }
      };

  /** @param deadLettered whether failed records become dead letters (a DLQ is configured) */
  SendTracker(boolean deadLettered) {
    this.deadLettered = deadLettered;
  }

  /** The callback for {@code record}, the {@code route} of {@code row}; {@code outcome} may be null. */
  Callback callback(ProducerRecord<byte[], byte[]> record, int route, RowRecord row, RowOutcome outcome) {
    return deadLettered ? new FailedSend(record, route, row, outcome) : firstFailureCallback;
  }

  /**
   * The next failed send to dead-letter, or null when there is none.
   *
   * @throws KafkaSendException if a send failed for a reason that is not the data's
   */
  FailedSend nextDeadLetter() {
    Exception failure = firstFailure;
    if (failure != null) {
      throw new KafkaSendException(failure);
    }
    FailedSend next = failed.poll();
    if (next == null) {
      return null;
    }
    next.reason = SendFailureKind.deadLetterReason(next.error);
    if (next.reason == null) {
      firstFailure = next.error;
      throw new KafkaSendException(next.error);
    }
    return next;
  }

  /** Counts the failed records of one multi-target row, to know when all of them failed. */
  static final class RowOutcome {
    private final int targets;
    private int failed;

    RowOutcome(int targets) {
      this.targets = targets;
    }

    boolean allFailed() {
      return ++failed == targets;
    }
  }

  /** A record whose send failed: what its dead letter keeps, the route, and why it failed. */
  final class FailedSend implements Callback, RowRecord {
    private final ProducerRecord<byte[], byte[]> record;
    private final int route;
    private final String sourceTopic;
    private final Integer sourcePartition;
    private final Long sourceOffset;
    private final Long originalTimestamp;
    private final RowOutcome outcome;
    private volatile Exception error;
    private DeadLetterReason reason;

    private FailedSend(ProducerRecord<byte[], byte[]> record, int route, RowRecord row, RowOutcome outcome) {
      this.record = record;
      this.route = route;
      this.sourceTopic = row.sourceTopic();
      this.sourcePartition = row.sourcePartition();
      this.sourceOffset = row.sourceOffset();
      this.originalTimestamp = row.originalTimestampMillis();
      this.outcome = outcome;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        error = exception;
        failed.add(this);
      }
    }

    String topic() {
      return record.topic();
    }

    int route() {
      return route;
    }

    Exception error() {
      return error;
    }

    DeadLetterReason reason() {
      return reason;
    }

    /** Whether the row has no record left that was sent (counted once per failed record). */
    boolean rowFailedEntirely() {
      return outcome == null || outcome.allFailed();
    }

    @Override
    public byte[] key() {
      return record.key();
    }

    @Override
    public byte[] value() {
      return record.value();
    }

    @Override
    public Integer partition() {
      return record.partition();
    }

    @Override
    public List<Header> headers() {
      return List.of(record.headers().toArray());
    }

    @Override
    public String sourceTopic() {
      return sourceTopic;
    }

    @Override
    public Integer sourcePartition() {
      return sourcePartition;
    }

    @Override
    public Long sourceOffset() {
      return sourceOffset;
    }

    @Override
    public Long originalTimestampMillis() {
      return originalTimestamp;
    }
  }
}
