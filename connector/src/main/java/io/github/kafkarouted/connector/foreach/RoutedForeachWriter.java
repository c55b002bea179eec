package io.github.kafkarouted.connector.foreach;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.connector.task.RoutedTaskWriter;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.Function1;

/**
 * The sink as a {@link ForeachWriter}, which Real-Time Mode admits without turning its allowlist
 * check off. Same engine as the DataSource V2 writer ({@link RoutedTaskWriter}): {@code process}
 * sends asynchronously, {@code close} flushes and throws the first send failure, which fails the
 * task (Spark retries it; at-least-once).
 *
 * <p>There is no driver-side commit for a ForeachWriter, so counts travel in accumulators that
 * Spark merges from successful tasks only; read them with {@link #metrics()} on the driver.
 * Serialized to executors; the per-task state is transient.
 */
public final class RoutedForeachWriter extends ForeachWriter<Row> {

  private static final long serialVersionUID = 1L;

  private final WriterSpec spec;
  private final StructType schema;
  private final LongAccumulator rowsIn;
  private final LongAccumulator rowsRouted;
  private final LongAccumulator rowsDeadLettered;
  private final LongAccumulator rowsDropped;
  private final LongAccumulator recordsSent;
  private final LongAccumulator deadLetters;

  private transient RoutedTaskWriter writer;
  private transient Function1<Object, Object> toInternal;

  public RoutedForeachWriter(
      WriterSpec spec,
      StructType schema,
      LongAccumulator rowsIn,
      LongAccumulator rowsRouted,
      LongAccumulator rowsDeadLettered,
      LongAccumulator rowsDropped,
      LongAccumulator recordsSent,
      LongAccumulator deadLetters) {
    this.spec = spec;
    this.schema = schema;
    this.rowsIn = rowsIn;
    this.rowsRouted = rowsRouted;
    this.rowsDeadLettered = rowsDeadLettered;
    this.rowsDropped = rowsDropped;
    this.recordsSent = recordsSent;
    this.deadLetters = deadLetters;
  }

  @Override
  public boolean open(long partitionId, long epochId) {
    writer = new RoutedTaskWriter(spec, (int) partitionId, epochId, ProducerPool.shared());
    toInternal = CatalystTypeConverters.createToCatalystConverter(schema);
    return true;
  }

  @Override
  public void process(Row row) {
    writer.write((InternalRow) toInternal.apply(row));
  }

  @Override
  public void close(Throwable error) {
    if (writer == null) {
      return;
    }
    try {
      if (error == null) {
        writer.flush();
        DispatchCounters c = writer.counters();
        rowsIn.add(c.rowsIn());
        rowsRouted.add(c.rowsRouted());
        rowsDeadLettered.add(c.rowsDeadLettered());
        rowsDropped.add(c.rowsDropped());
        recordsSent.add(c.recordsSent());
        deadLetters.add(c.deadLetters());
      }
    } finally {
      writer.close();
      writer = null;
    }
  }

  /** Totals of the tasks that finished so far, on the driver. */
  public Map<String, Long> metrics() {
    Map<String, Long> m = new TreeMap<>();
    m.put("rowsIn", rowsIn.value());
    m.put("rowsRouted", rowsRouted.value());
    m.put("rowsDeadLettered", rowsDeadLettered.value());
    m.put("rowsDropped", rowsDropped.value());
    m.put("recordsSent", recordsSent.value());
    m.put("deadLetters", deadLetters.value());
    return m;
  }

  @Override
  public String toString() {
    return spec.description();
  }
}
