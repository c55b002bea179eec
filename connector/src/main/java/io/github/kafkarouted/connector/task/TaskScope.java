package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.delivery.GroupOffsetMarkers;
import io.github.kafkarouted.connector.delivery.TaskTransaction;
import io.github.kafkarouted.connector.dispatch.DeadLetterChannel;
import io.github.kafkarouted.connector.plan.DeadLetterSpec;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.DelegationTokens;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.dlq.delta.StagingDeadLetterWriter;
import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.TaskContext;

/**
 * What one task holds while it writes, opened once at its first row: the route producer and the
 * DLQ producer (leased from the pool) and the dead-letter writers that the {@link DeadLetterSpec}
 * opens. With exactly-once, the task's {@link TaskTransaction} instead, whose producer of its own
 * sends records and dead letters alike (nothing at all if an earlier attempt committed the batch). {@link #close} releases all of them even if some fail, and throws the first failure with
 * the others attached as suppressed (a failing DLQ-writer close must not leak the DLQ lease).
 */
final class TaskScope implements AutoCloseable {

  /** How long a task waits for its exactly-once commit marker (the brokers answer once it is stable). */
  private static final long MARKER_TIMEOUT_MS = 60_000;

  private final ProducerPool.Lease lease;
  private final TaskTransaction transaction;
  private final ProducerPool.Lease deadLetterLease;
  private final DeadLetterSpec.OpenedWriters deadLetterWriters;
  private final DeadLetterChannel deadLetters;

  private TaskScope(
      ProducerPool.Lease lease,
      TaskTransaction transaction,
      ProducerPool.Lease deadLetterLease,
      DeadLetterSpec.OpenedWriters deadLetterWriters,
      DeadLetterChannel deadLetters) {
    this.lease = lease;
    this.transaction = transaction;
    this.deadLetterLease = deadLetterLease;
    this.deadLetterWriters = deadLetterWriters;
    this.deadLetters = deadLetters;
  }

  /**
   * @param stagingKey the key of the write's Delta staging directory, decided on the driver; null
   *     where there is no Delta table (the ForeachWriter), then the query id stands in
   * @param slot exactly-once: the slot the task writes; null at-least-once
   */
  static TaskScope open(
      WriterSpec spec, ProducerPool pool, String stagingKey, int partitionId, long epochId, TransactionSlot slot) {
    if (slot != null) {
      return openTransactional(spec, stagingKey, partitionId, epochId, slot);
    }
    ProducerPool.Lease lease = pool.acquire(spec.producerSettings());
    ProducerPool.Lease deadLetterLease = null;
    try {
      DeadLetterSpec dlq = spec.deadLetters();
      deadLetterLease = dlq == null || dlq.topic() == null ? null : pool.acquire(dlq.producerSettingsView());
      return withDeadLetters(spec, lease, null, deadLetterLease, deadLetterLease == null ? null : deadLetterLease.producer(),
          stagingKey, partitionId, epochId);
    } catch (RuntimeException e) {
      new TaskScope(lease, null, deadLetterLease, null, null).closeAfter(e);
      throw e;
    }
  }

  /**
   * Exactly-once: the transaction of this partition of the batch; its producer also sends the dead
   * letters (the DLQ topics are on the route cluster). Nothing else is opened for an attempt that
   * finds the batch committed: it writes nothing.
   */
  private static TaskScope openTransactional(
      WriterSpec spec, String stagingKey, int partitionId, long epochId, TransactionSlot slot) {
    TaskTransaction transaction;
    try (GroupOffsetMarkers markers = GroupOffsetMarkers.create(spec.adminConfig(), MARKER_TIMEOUT_MS)) {
      transaction =
          TaskTransaction.open(
              spec.exactlyOnce(),
              slot.name(),
              slot.firstOffset(),
              epochId,
              DelegationTokens.forExecutor(spec.producerSettings()),
              ProducerPool::newKafkaProducer,
              markers);
    }
    if (transaction.alreadyCommitted()) {
      return new TaskScope(null, transaction, null, null, null);
    }
    try {
      return withDeadLetters(spec, null, transaction, null, transaction.producer(), stagingKey, partitionId, epochId);
    } catch (RuntimeException e) {
      new TaskScope(null, transaction, null, null, null).closeAfter(e);
      throw e;
    }
  }

  private static TaskScope withDeadLetters(
      WriterSpec spec,
      ProducerPool.Lease lease,
      TaskTransaction transaction,
      ProducerPool.Lease deadLetterLease,
      Producer<byte[], byte[]> deadLetterProducer,
      String stagingKey,
      int partitionId,
      long epochId) {
    DeadLetterSpec dlq = spec.deadLetters();
    if (dlq == null) {
      return new TaskScope(lease, transaction, null, null, null);
    }
    String queryId = queryId();
    TaskContext task = TaskContext.get();
    DeadLetterSpec.OpenedWriters writers =
        dlq.open(
            deadLetterProducer,
            stagingKey != null ? stagingKey : queryId,
            epochId,
            partitionId,
            task == null ? 0L : task.taskAttemptId());
    return new TaskScope(
        lease,
        transaction,
        deadLetterLease,
        writers,
        new DeadLetterChannel(writers.writer(), queryId, epochId, System::currentTimeMillis));
  }

  private static String queryId() {
    TaskContext task = TaskContext.get();
    String id = task == null ? null : task.getLocalProperty(RoutedTaskWriter.QUERY_ID_PROPERTY);
    return id != null ? id : "batch";
  }

  Producer<byte[], byte[]> producer() {
    return lease != null ? lease.producer() : transaction.producer();
  }

  /** The task's transaction (exactly-once), or null. */
  TaskTransaction transaction() {
    return transaction;
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
    // The transaction last: its producer sends the dead letters too.
    for (AutoCloseable resource : new AutoCloseable[] {lease, writer, deadLetterLease, transaction}) {
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
