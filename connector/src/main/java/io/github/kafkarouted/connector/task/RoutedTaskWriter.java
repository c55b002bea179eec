package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.dispatch.DeadLetterChannel;
import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.dispatch.RecordDispatcher;
import io.github.kafkarouted.connector.dispatch.Refusal;
import io.github.kafkarouted.connector.dispatch.TopicExistence;
import io.github.kafkarouted.connector.metadata.TopicDirectory;
import io.github.kafkarouted.connector.plan.ComputedTopics;
import io.github.kafkarouted.connector.plan.DeadLetterSpec;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.dlq.delta.DeadLetterStaging;
import io.github.kafkarouted.dlq.delta.StagingDeadLetterWriter;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.writer.DeadLetterWriter;
import io.github.kafkarouted.dlq.writer.FanOutDeadLetterWriter;
import io.github.kafkarouted.dlq.writer.KafkaDeadLetterWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The per-task engine behind both front-ends (DataSource V2 {@code DataWriter} and {@code
 * ForeachWriter}): evaluates the row ({@link RowEvaluator}: the value decoded once when it is
 * validated, then record fields, every route condition and topic expression in one pass), then
 * hands it to the {@link RecordDispatcher}: an invalid value becomes a SCHEMA_INVALID dead letter,
 * a row whose route expressions throw a ROUTE_ERROR one.
 *
 * <p>Producers are borrowed from the pool at the first row and returned in {@link #close()}. One
 * per task; not thread-safe.
 */
public final class RoutedTaskWriter implements AutoCloseable {

  /** Set by Spark on the tasks of a streaming query. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final WriterSpec spec;
  private final String stagingId;
  private final ProducerPool pool;
  private final int partitionId;
  private final long epochId;
  private final RowEvaluator evaluator;
  private ProducerPool.Lease lease;
  private ProducerPool.Lease deadLetterLease;
  private RecordDispatcher dispatcher;
  private StagingDeadLetterWriter staging;
  private DeadLetterWriter deadLetterWriter;
  private boolean closed;

  /**
   * @param epochId the batch (micro-batch, Real-Time Mode) or epoch (continuous) being written;
   *     recorded in dead letters
   */
  public RoutedTaskWriter(WriterSpec spec, int partitionId, long epochId, ProducerPool pool) {
    this(spec, partitionId, epochId, pool, null);
  }

  /**
   * @param stagingId the key of this write's Delta staging directory (with {@code dlq.delta.*}):
   *     null for a streaming query (its id), a per-job id for batch writes
   */
  public RoutedTaskWriter(WriterSpec spec, int partitionId, long epochId, ProducerPool pool, String stagingId) {
    this.stagingId = stagingId;
    this.spec = spec;
    this.pool = pool;
    this.partitionId = partitionId;
    this.epochId = epochId;
    this.evaluator =
        new RowEvaluator(
            spec,
            partitionId,
            spec.valueFormat() == null ? null : spec.valueFormat().newDecoder(spec.decodedFields()));
  }

  public void write(InternalRow row) {
    if (dispatcher == null) {
      dispatcher = newDispatcher();
    }
    switch (evaluator.evaluate(row)) {
      case ROUTABLE -> dispatcher.dispatch(evaluator.view());
      case INVALID_VALUE -> dispatcher.rejectInvalidValue(evaluator.view(), evaluator.problem());
      case ROUTE_ERROR -> dispatcher.rejectUnroutableRow(evaluator.view(), evaluator.routeError());
    }
  }

  private RecordDispatcher newDispatcher() {
    lease = pool.acquire(spec.producerSettings());
    DeadLetterChannel deadLetters = null;
    DeadLetterSpec dlq = spec.deadLetters();
    if (dlq != null) {
      String queryId = queryId();
      List<DeadLetterWriter> writers = new ArrayList<>(2);
      if (dlq.topic() != null) {
        deadLetterLease = pool.acquire(dlq.producerSettingsView());
        writers.add(new KafkaDeadLetterWriter(deadLetterLease.producer(), dlq.topic(), dlq.encoder()));
      }
      if (dlq.toDelta()) {
        TaskContext task = TaskContext.get();
        staging =
            new StagingDeadLetterWriter(
                DeadLetterStaging.batchDirectory(
                    dlq.deltaLocation(), stagingId != null ? stagingId : queryId, epochId),
                DeadLetterStaging.fileName(partitionId, task == null ? 0L : task.taskAttemptId()),
                dlq.hadoopConf().value());
        writers.add(staging);
      }
      deadLetterWriter = writers.size() == 1 ? writers.get(0) : new FanOutDeadLetterWriter(writers);
      deadLetters = new DeadLetterChannel(deadLetterWriter, queryId, epochId, System::currentTimeMillis);
    }
    return new RecordDispatcher(
        spec.routeTable(),
        spec.unmatchedPolicy(),
        lease.producer(),
        deadLetters,
        topicExistence(),
        spec.topicPolicy(),
        spec.maxRequestSize(),
        spec.idempotencyKeys());
  }

  private TopicExistence topicExistence() {
    ComputedTopics mode = spec.computedTopics();
    if (mode == ComputedTopics.UNCHECKED) {
      return null;
    }
    Map<String, Object> adminConfig = spec.adminConfig();
    boolean brokersCreate = mode == ComputedTopics.MAY_BE_CREATED;
    return topic -> refusal(TopicDirectory.shared().lookUp(adminConfig, topic, brokersCreate));
  }

  private static Refusal refusal(TopicDirectory.Answer answer) {
    return switch (answer.status()) {
      case EXISTS, CREATABLE -> null;
      case MISSING -> new Refusal(
          DeadLetterReason.TOPIC_NOT_FOUND,
          "does not exist and the brokers do not create topics automatically.");
      case INVALID_NAME -> new Refusal(
          DeadLetterReason.INVALID_RECORD, "is refused by the brokers: " + answer.detail());
      case NOT_CREATABLE -> new Refusal(
          DeadLetterReason.TOPIC_NOT_FOUND,
          "does not exist and the brokers refuse to create it: " + answer.detail());
    };
  }

  private static String queryId() {
    TaskContext task = TaskContext.get();
    String id = task == null ? null : task.getLocalProperty(QUERY_ID_PROPERTY);
    return id != null ? id : "batch";
  }

  /** Waits for every record and dead letter of this task to be acknowledged; throws any failure. */
  public void flush() {
    if (dispatcher != null) {
      dispatcher.flush();
    }
  }

  /**
   * The staging file holding this task's dead letters for the Delta table, or null (no Delta
   * table, or no dead letter). Valid after {@link #flush()}.
   */
  public String stagedDeadLetters() {
    return staging == null ? null : staging.stagedFile();
  }

  /** Counts so far; zeros if no row was written. */
  public DispatchCounters counters() {
    return dispatcher != null
        ? dispatcher.counters()
        : new DispatchCounters(spec.routeTable().routeCount() + 1);
  }

  /**
   * Returns the producers to the pool and closes the dead-letter writers. Closes every one of them
   * even if some fail (a failing DLQ-writer close must not leak the DLQ producer's lease), then
   * throws the first failure with the others attached as suppressed. Safe to call twice.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    for (AutoCloseable resource : new AutoCloseable[] {lease, deadLetterWriter, deadLetterLease}) {
      failure = closeQuietly(resource, failure);
    }
    if (failure != null) {
      throw failure;
    }
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
