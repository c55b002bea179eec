package io.github.kafkarouted.benchmarks;

import io.github.kafkarouted.connector.config.SinkConf;
import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.plan.SinkPlanner;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.connector.task.RoutedTaskWriter;
import io.github.kafkarouted.it.spark.SparkSessions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole per-row path of the sink's writer, {@link RoutedTaskWriter#write}, one row per
 * operation: the compiled Catalyst projection (record fields, the three route conditions and the
 * topic expression of {@link EventRoutes}, in one pass over an {@code UnsafeRow}), then validation,
 * routing, record building and the send, with a {@link NullProducer} in place of Kafka (the
 * writer borrows it from a pool, as in a Spark task).
 *
 * <p>The {@link WriterSpec} is planned once per trial by the sink's own {@link SinkPlanner} in a
 * {@code local[1]} SparkSession, from {@link EventRoutes#sinkOptions}; the input has the columns a
 * Kafka-to-Kafka query would give the sink: {@code key, value} (binary, as read), {@code kind,
 * region, amount} (extracted upstream) and {@code source_topic, source_partition, source_offset}.
 * Rows are pre-built {@code UnsafeRow}s from seed {@value #SEED}. Variants as in {@link
 * DispatchBenchmark} ({@link SinkVariant}).
 *
 * <p>The forked JVM gets Spark's {@code --add-opens} flags (the parent pom's {@code
 * spark.jvm.opens}; {@code ForkJvmArgsTest} keeps the copy below in step with it).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WriterPathBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true"
    })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WriterPathBenchmark {

  static final long SEED = 20261102L;
  static final int ROWS = 4096;

  /** The input columns of the sink. */
  static final StructType INPUT_SCHEMA =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("kind", DataTypes.StringType)
          .add("region", DataTypes.StringType)
          .add("amount", DataTypes.DoubleType)
          .add("source_topic", DataTypes.StringType)
          .add("source_partition", DataTypes.IntegerType)
          .add("source_offset", DataTypes.LongType);

  @Param({"ROUTING", "VALIDATION_DLQ", "VALIDATION_DLQ_1PCT_INVALID", "VALUE_ROUTING_DLQ", "AVRO_VALUE_ROUTING_DLQ"})
  public SinkVariant variant;

  private SparkSession spark;
  private ProducerPool pool;
  private NullProducer producer;
  private RoutedTaskWriter writer;
  private InternalRow[] rows;
  private int next;

  @Setup
  public void setUp() {
    spark = SparkSessions.local(1).appName("kafka-routed-writer-path-benchmark").start();
    WriterSpec spec =
        SinkPlanner.plan(
            SinkConf.parse(EventRoutes.sinkOptions(variant)), INPUT_SCHEMA);
    pool =
        ProducerPool.withFactory(
            config -> {
              // Routes and dead letters have the same settings here, so this runs once.
              producer = new NullProducer();
              return producer;
            });
    writer = new RoutedTaskWriter(spec, 0, 0L, pool);
    rows = inputRows(variant);
  }

  static InternalRow[] inputRows(SinkVariant variant) {
    UnsafeProjection toUnsafe = UnsafeProjection.create(INPUT_SCHEMA);
    List<SyntheticEvent> events = SyntheticEvent.generate(SEED, ROWS);
    InternalRow[] rows = new InternalRow[ROWS];
    for (int i = 0; i < ROWS; i++) {
      SyntheticEvent e = events.get(i);
      Object[] values = {
        e.key(),
        variant.avro() ? e.avroBytes() : variant.invalidRow(i) ? e.invalidJsonBytes(i) : e.jsonBytes(),
        UTF8String.fromString(e.kind()),
        UTF8String.fromString(e.region()),
        e.amountValue(),
        UTF8String.fromString(SyntheticEvent.SOURCE_TOPIC),
        e.sourcePartition(),
        e.sourceOffset()
      };
      rows[i] = toUnsafe.apply(new GenericInternalRow(values)).copy();
    }
    return rows;
  }

  @Benchmark
  public long write() {
    writer.write(rows[next++ & (ROWS - 1)]);
    return producer.records();
  }

  /** What the writer counted so far (for tests). */
  DispatchCounters counters() {
    return writer.counters();
  }

  /** Surfaces any failure the writer kept (there should be none), as commit() would. */
  @TearDown(Level.Iteration)
  public void flush() {
    writer.flush();
  }

  @TearDown
  public void tearDown() {
    writer.close();
    pool.close();
    spark.stop();
  }
}
