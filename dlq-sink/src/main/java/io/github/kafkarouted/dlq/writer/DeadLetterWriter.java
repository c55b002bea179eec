package io.github.kafkarouted.dlq.writer;

import io.github.kafkarouted.dlq.model.DeadLetter;

/**
 * Where one Spark task's dead letters go: the DLQ topic ({@link KafkaDeadLetterWriter}), staging
 * files for the Delta dead-letter table ({@code io.github.kafkarouted.dlq.delta.StagingDeadLetterWriter})
 * or both ({@link FanOutDeadLetterWriter}). Not thread-safe: one per task thread.
 */
public interface DeadLetterWriter extends AutoCloseable {

  /**
   * Writes one dead letter (possibly asynchronously).
   *
   * @throws DeadLetterWriteException if it or an earlier one cannot be written
   */
  void write(DeadLetter deadLetter);

  /**
   * Makes every dead letter written so far durable, then throws the first failure. Called once,
   * before the task commits.
   *
   * @throws DeadLetterWriteException on any failure
   */
  void flushAndCheck();

  /** Dead letters accepted so far. */
  long writtenCount();

  /** Releases resources; idempotent. Dead letters not flushed are discarded (the task is aborting). */
  @Override
  void close();
}
