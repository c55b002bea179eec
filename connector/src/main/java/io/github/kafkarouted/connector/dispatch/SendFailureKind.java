package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.dlq.model.DeadLetterReason;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Sorts producer errors into problems of one record's data, which become dead letters, and
 * problems of the cluster (unavailable brokers, timeouts, authorization, a full buffer, fencing),
 * which fail the task so that Spark retries it: dead letters are for data, not for outages.
 */
final class SendFailureKind {

  private SendFailureKind() {}

  /** The dead-letter reason for a per-record data error; null if the error is not the data's fault. */
  static DeadLetterReason deadLetterReason(Throwable error) {
    if (error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException) {
      return DeadLetterReason.RECORD_TOO_LARGE;
    }
    if (error instanceof InvalidTopicException) {
      return DeadLetterReason.INVALID_RECORD;
    }
    if (error instanceof InvalidRecordException
        || error instanceof CorruptRecordException
        || error instanceof SerializationException) {
      return DeadLetterReason.SEND_FAILED;
    }
    return null;
  }
}
