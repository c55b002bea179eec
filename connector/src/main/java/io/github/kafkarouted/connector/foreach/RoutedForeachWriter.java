package io.github.kafkarouted.connector.foreach;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.dispatch.Outcome;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.connector.task.RoutedTaskWriter;
import java.util.EnumMap;
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
 * <p>There is no driver-side commit for a ForeachWriter, so counts travel in accumulators, one per
 * {@link Outcome} (named {@code kafka-routed.<metric name>}, see {@link #accumulatorName}), that
 * Spark merges from successful tasks only; read them with {@link #metrics()} on the driver.
 * Serialized to executors; the per-task state is transient.
 */
public final class RoutedForeachWriter extends ForeachWriter<Row> {

  private static final long serialVersionUID = 1L;

  private final WriterSpec spec;
  private final StructType schema;
  private final EnumMap<Outcome, LongAccumulator> accumulators;

  private transient RoutedTaskWriter writer;
  private transient Function1<Object, Object> toInternal;

  /**
   * @param accumulators one registered accumulator per outcome
   * @throws IllegalArgumentException if an outcome has no accumulator
   */
  public RoutedForeachWriter(
      WriterSpec spec, StructType schema, Map<Outcome, LongAccumulator> accumulators) {
    this.spec = spec;
    this.schema = schema;
    this.accumulators = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      LongAccumulator accumulator = accumulators.get(outcome);
      if (accumulator == null) {
        throw new IllegalArgumentException("no accumulator for outcome " + outcome);
      }
      this.accumulators.put(outcome, accumulator);
    }
  }

  /** The name an outcome's accumulator is registered under, e.g. {@code kafka-routed.rowsIn}. */
  public static String accumulatorName(Outcome outcome) {
    return "kafka-routed." + outcome.metricName();
  }

  @Override
  public boolean open(long partitionId, long epochId) {
    // No driver commit judges a ForeachWriter's batch: each task judges the error budget itself.
    writer = new RoutedTaskWriter(spec, (int) partitionId, epochId, ProducerPool.shared(), null, true);
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
        accumulators.forEach((outcome, accumulator) -> accumulator.add(c.count(outcome)));
      }
    } finally {
      writer.close();
      writer = null;
    }
  }

  /** Totals of the tasks that finished so far, on the driver. */
  public Map<String, Long> metrics() {
    Map<String, Long> m = new TreeMap<>();
    accumulators.forEach((outcome, acc) -> m.put(outcome.metricName(), acc.value()));
    return m;
  }

  @Override
  public String toString() {
    return spec.description();
  }
}
