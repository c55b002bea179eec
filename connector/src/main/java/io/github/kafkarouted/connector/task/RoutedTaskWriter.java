package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.dispatch.RecordDispatcher;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The per-task engine behind both front-ends (DataSource V2 {@code DataWriter} and {@code
 * ForeachWriter}): evaluates the row with one compiled projection (record fields, every route
 * condition and topic expression in one pass), then hands it to the {@link RecordDispatcher}.
 *
 * <p>The producer is borrowed from the pool at the first row and returned in {@link #close()}.
 * One per task; not thread-safe.
 */
public final class RoutedTaskWriter implements AutoCloseable {

  private final WriterSpec spec;
  private final ProducerPool pool;
  private final UnsafeProjection projection;
  private final ProjectedRow view;
  private ProducerPool.Lease lease;
  private RecordDispatcher dispatcher;
  private boolean closed;

  public RoutedTaskWriter(WriterSpec spec, int partitionId, ProducerPool pool) {
    this.spec = spec;
    this.pool = pool;
    this.projection =
        UnsafeProjection.create(
            CollectionConverters.asScala(Arrays.asList(spec.outputExpressions())).toList(),
            CollectionConverters.asScala(Arrays.asList(spec.inputAttributes())).toList());
    // Non-deterministic expressions (rand(), ...) need their per-partition seed.
    projection.initialize(partitionId);
    this.view = new ProjectedRow(spec);
  }

  public void write(InternalRow row) {
    if (dispatcher == null) {
      lease = pool.acquire(spec.producerSettings());
      dispatcher = new RecordDispatcher(spec.routeTable(), spec.unmatchedPolicy(), lease.producer());
    }
    dispatcher.dispatch(view.reset(projection.apply(row)));
  }

  /** Waits for every record of this task to be acknowledged; throws the first failure. */
  public void flush() {
    if (dispatcher != null) {
      dispatcher.flush();
    }
  }

  /** Counts so far; zeros if no row was written. */
  public DispatchCounters counters() {
    return dispatcher != null
        ? dispatcher.counters()
        : new DispatchCounters(spec.routeTable().routeCount() + 1);
  }

  /** Returns the producer to the pool. Safe to call twice. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (lease != null) {
      lease.close();
    }
  }
}
