package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.delivery.TaskTransaction;
import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.dispatch.RecordDispatcher;
import io.github.kafkarouted.connector.dispatch.Refusal;
import io.github.kafkarouted.connector.dispatch.TopicExistence;
import io.github.kafkarouted.connector.metadata.TopicDirectory;
import io.github.kafkarouted.connector.plan.ComputedTopics;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.connector.quality.BudgetWindow;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.connector.metrics.LiveSinkCounters;
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
 * <p>What the task holds (producers from the pool, dead-letter writers; with exactly-once its
 * transaction) is opened at the first row ({@link TaskScope}) and released in {@link #close()}.
 * One per task; not thread-safe.
 */
public final class RoutedTaskWriter implements AutoCloseable {

  /** Set by Spark on the tasks of a streaming query. */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  /** Spark's job group; a streaming query runs its jobs in a group named by its run id. */
  private static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";

  private final WriterSpec spec;
  private final String stagingKey;
  private final ProducerPool pool;
  private final int partitionId;
  private final long epochId;
  private final RowEvaluator evaluator;
  private final boolean budgetPerTaskWindow;
  private TaskScope scope;
  /** Exactly-once: the slot the task writes, named at the first row; null at-least-once. */
  private TransactionSlot slot;
  /** Exactly-once: the task's transaction, open from the first row; null at-least-once. */
  private TaskTransaction transaction;
  /** Exactly-once: an earlier attempt committed this batch's partition, so rows are only counted. */
  private boolean alreadyCommitted;
  private BudgetWindow budgetWindow;
  private RecordDispatcher dispatcher;
  /** The task's counters in the executor's live counters (streaming queries); null otherwise. */
  private LiveSinkCounters.Registration live;
  private boolean closed;

  /**
   * @param epochId the batch (micro-batch, Real-Time Mode) or epoch (continuous) being written;
   *     recorded in dead letters
   */
  public RoutedTaskWriter(WriterSpec spec, int partitionId, long epochId, ProducerPool pool) {
    this(spec, partitionId, epochId, pool, null, false);
  }

  /**
   * @param stagingKey the key of this write's Delta staging directory (with {@code dlq.delta.*}),
   *     decided on the driver: the streaming query's id, or a per-job id for batch writes
   * @param budgetPerTaskWindow whether this task judges the error budget itself, over windows of its
   *     rows ({@link BudgetWindow}): for writes whose batch is long (Real-Time Mode) or has no driver
   *     commit (the ForeachWriter)
   */
  public RoutedTaskWriter(
      WriterSpec spec,
      int partitionId,
      long epochId,
      ProducerPool pool,
      String stagingKey,
      boolean budgetPerTaskWindow) {
    this.spec = spec;
    this.budgetPerTaskWindow = budgetPerTaskWindow;
    this.stagingKey = stagingKey;
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
    RowEvaluator.Result result = evaluator.evaluate(row);
    if (scope == null) {
      open();
    }
    if (transaction != null) {
      slot.check(evaluator.view());
      transaction.recordRow(evaluator.view().key(), evaluator.view().value());
      if (alreadyCommitted) {
        return;
      }
    }
    switch (result) {
      case ROUTABLE -> dispatcher.dispatch(evaluator.view());
      case INVALID_VALUE ->
          dispatcher.rejectInvalidValue(evaluator.view(), spec.valueFormat().option(), evaluator.problem());
      case ROUTE_ERROR -> dispatcher.rejectUnroutableRow(evaluator.view(), evaluator.routeError());
    }
    if (budgetWindow != null) {
      budgetWindow.afterRow();
    }
  }

  /** Opens what the task holds, at its first row (evaluated: exactly-once names the slot after it). */
  private void open() {
    if (spec.exactlyOnce() != null) {
      slot = TransactionSlot.of(spec.exactlyOnce(), partitionId, evaluator.view());
    }
    scope = TaskScope.open(spec, pool, stagingKey, partitionId, epochId, slot);
    transaction = scope.transaction();
    alreadyCommitted = transaction != null && transaction.alreadyCommitted();
    if (!alreadyCommitted) {
      dispatcher = newDispatcher();
    }
  }

  private RecordDispatcher newDispatcher() {
    RecordDispatcher created = new RecordDispatcher(
        spec.routeTable(),
        spec.ruleTable(),
        spec.unmatchedPolicy(),
        scope.producer(),
        scope.deadLetters(),
        topicExistence(),
        spec.topicPolicy(),
        spec.maxRequestSize(),
        spec.idempotencyKeys());
    live = registerLive(created.counters());
    if (budgetPerTaskWindow && spec.errorBudget() != null && spec.errorBudget().enabled()) {
      budgetWindow =
          new BudgetWindow(
              spec.errorBudget(),
              "Partition " + partitionId + " of batch " + epochId,
              new CountersTally(created.counters(), spec.ruleTable()),
              System::nanoTime);
    }
    return created;
  }

  /**
   * Shows the task's counts in the executor's live counters while it writes, under its streaming
   * query's id and run id (Spark sets both on the tasks of a streaming query: the run id as the
   * job group); batch writes have neither and are not shown.
   */
  private LiveSinkCounters.Registration registerLive(DispatchCounters counters) {
    TaskContext task = TaskContext.get();
    String queryId = task == null ? null : task.getLocalProperty(QUERY_ID_PROPERTY);
    String runId = task == null ? null : task.getLocalProperty(JOB_GROUP_PROPERTY);
    if (queryId == null || runId == null) {
      return null;
    }
    return LiveSinkCounters.shared().register(queryId, runId, spec.routeTable(), spec.ruleTable(), counters);
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

  /**
   * Waits for every record and dead letter of this task to be acknowledged; throws any failure.
   * With exactly-once, then commits the task's transaction (records, dead letters and the batch's
   * commit marker together), or checks that an attempt that wrote nothing holds the committed rows.
   */
  public void flush() {
    if (dispatcher != null) {
      dispatcher.flush();
      if (budgetWindow != null) {
        budgetWindow.atEnd();
      }
    }
    if (transaction != null) {
      transaction.commit();
    }
  }

  /** The task failed: with exactly-once, aborts its transaction (nothing of it becomes visible). */
  public void abort() {
    if (transaction != null) {
      transaction.abort();
    }
  }

  /**
   * The staging file holding this task's dead letters for the Delta table, or null (no Delta
   * table, or no dead letter). Valid after {@link #flush()}.
   */
  public String stagedDeadLetters() {
    return scope == null ? null : scope.stagedDeadLetters();
  }

  /** Counts so far; zeros if no row was written. */
  public DispatchCounters counters() {
    return dispatcher != null
        ? dispatcher.counters()
        : new DispatchCounters(spec.routeTable().routeCount() + 1, spec.ruleTable().size());
  }

  /** Releases what the task holds ({@link TaskScope#close}). Safe to call twice. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (live != null) {
      live.close();
    }
    if (scope != null) {
      scope.close();
    }
  }
}
