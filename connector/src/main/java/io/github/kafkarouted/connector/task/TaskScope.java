package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.dispatch.DeadLetterChannel;
import io.github.kafkarouted.connector.plan.DeadLetterSpec;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.dlq.delta.StagingDeadLetterWriter;
import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.TaskContext;

/**
 * What one task holds while it writes, opened once at its first row: the route producer and the
 * DLQ producer (leased from the pool) and the dead-letter writers that the {@link DeadLetterSpec}
 * opens. {@link #close} releases all of them even if some fail, and throws the first failure with
 * the others attached as suppressed (a failing DLQ-writer close must not leak the DLQ lease).
 */
final class TaskScope implements AutoCloseable {

  /** Set by Spark on the tasks of a streaming query. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final ProducerPool.Lease lease;
  private final ProducerPool.Lease deadLetterLease;
  private final DeadLetterSpec.OpenedWriters deadLetterWriters;
  private final DeadLetterChannel deadLetters;

  private TaskScope(
      ProducerPool.Lease lease,
      ProducerPool.Lease deadLetterLease,
      DeadLetterSpec.OpenedWriters deadLetterWriters,
      DeadLetterChannel deadLetters) {
    this.lease = lease;
    this.deadLetterLease = deadLetterLease;
    this.deadLetterWriters = deadLetterWriters;
    this.deadLetters = deadLetters;
  }

  /**
   * @param stagingKey the key of the write's Delta staging directory, decided on the driver; null
   *     where there is no Delta table (the ForeachWriter), then the query id stands in
   */
  static TaskScope open(WriterSpec spec, ProducerPool pool, String stagingKey, int partitionId, long epochId) {
    ProducerPool.Lease lease = pool.acquire(spec.producerSettings());
    DeadLetterSpec dlq = spec.deadLetters();
    if (dlq == null) {
      return new TaskScope(lease, null, null, null);
    }
    ProducerPool.Lease deadLetterLease = null;
    try {
      String queryId = queryId();
      deadLetterLease = dlq.topic() == null ? null : pool.acquire(dlq.producerSettingsView());
      TaskContext task = TaskContext.get();
      DeadLetterSpec.OpenedWriters writers =
          dlq.open(
              deadLetterLease == null ? null : deadLetterLease.producer(),
              stagingKey != null ? stagingKey : queryId,
              epochId,
              partitionId,
              task == null ? 0L : task.taskAttemptId());
      return new TaskScope(
          lease,
          deadLetterLease,
          writers,
          new DeadLetterChannel(writers.writer(), queryId, epochId, System::currentTimeMillis));
    } catch (RuntimeException e) {
      new TaskScope(lease, deadLetterLease, null, null).closeAfter(e);
      throw e;
    }
  }

  private static String queryId() {
    TaskContext task = TaskContext.get();
    String id = task == null ? null : task.getLocalProperty(QUERY_ID_PROPERTY);
    return id != null ? id : "batch";
  }

  Producer<byte[], byte[]> producer() {
    return lease.producer();
  }

  /** Where the task's dead letters go, or null without dead letters. */
  DeadLetterChannel deadLetters() {
    return deadLetters;
  }

  /** The Delta staging file of the task's dead letters, or null. Valid after a flush. */
  String stagedDeadLetters() {
    StagingDeadLetterWriter staging = deadLetterWriters == null ? null : deadLetterWriters.staging();
    return staging == null ? null : staging.stagedFile();
  }

  @Override
  public void close() {
    RuntimeException failure = closeAll(null);
    if (failure != null) {
      throw failure;
    }
  }

  private void closeAfter(RuntimeException primary) {
    RuntimeException failure = closeAll(null);
    if (failure != null) {
      primary.addSuppressed(failure);
    }
  }

  private RuntimeException closeAll(RuntimeException failure) {
    AutoCloseable writer = deadLetterWriters == null ? null : deadLetterWriters.writer();
    for (AutoCloseable resource : new AutoCloseable[] {lease, writer, deadLetterLease}) {
      failure = closeQuietly(resource, failure);
    }
    return failure;
  }

  private static RuntimeException closeQuietly(AutoCloseable resource, RuntimeException failure) {
    if (resource == null) {
      return failure;
    }
    try {
      resource.close();
      return failure;
    } catch (Exception e) {
      RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      if (failure == null) {
        return wrapped;
      }
      failure.addSuppressed(wrapped);
      return failure;
    }
  }
}
