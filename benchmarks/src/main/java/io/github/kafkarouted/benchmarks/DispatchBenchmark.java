package io.github.kafkarouted.benchmarks;

import io.github.kafkarouted.connector.dispatch.DeadLetterChannel;
import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.dispatch.RecordDispatcher;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import io.github.kafkarouted.connector.validation.json.JsonSchemaValidator;
import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.writer.KafkaDeadLetterWriter;
import java.util.List;
import java.util.Set;
import io.github.kafkarouted.connector.routing.TopicPolicy;
import java.util.concurrent.TimeUnit;
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
 * {@link RecordDispatcher#dispatch} of one row per operation with a {@link NullProducer} in place
 * of Kafka: routing ({@link EventRoutes}, 3 routes, first-match), the record and its idempotency
 * key header, the size check, the send and its callback, the counters. The rows' fields and route
 * conditions are evaluated up front (no Catalyst; see {@link WriterPathBenchmark} for that).
 *
 * <p>Variants ({@link SinkVariant}): {@code ROUTING} alone; {@code VALIDATION_DLQ}, strict
 * validation against {@link SyntheticEvent#SCHEMA_DDL} and a DLQ channel (native headers) on its
 * own NullProducer, every row valid; {@code VALIDATION_DLQ_1PCT_INVALID}, the same with 1 row in
 * 100 invalid, which becomes a dead letter.
 *
 * <p>Rows are pre-built from seed {@value #SEED}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DispatchBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DispatchBenchmark {

  static final long SEED = 20261102L;
  static final int ROWS = 4096;

  @Param({"ROUTING", "VALIDATION_DLQ", "VALIDATION_DLQ_1PCT_INVALID"})
  public SinkVariant variant;

  private NullProducer producer;
  private RecordDispatcher dispatcher;
  private JsonSchemaValidator validator;
  private EventRow[] rows;
  private int next;

  @Setup
  public void setUp() {
    producer = new NullProducer();
    DeadLetterChannel deadLetters = null;
    validator = null;
    if (variant.validationAndDlq()) {
      deadLetters =
          new DeadLetterChannel(
              new KafkaDeadLetterWriter(
                  new NullProducer(),
                  EventRoutes.DLQ_TOPIC,
                  new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false, 1024 * 1024)),
              "6f1c0a4e-3b7d-4e55-9a51-8f0e2d9c1b23",
              42L,
              System::currentTimeMillis);
      validator = JsonSchemaValidator.fromDdl(SyntheticEvent.SCHEMA_DDL, false);
    }
    dispatcher =
        new RecordDispatcher(
            EventRoutes.routeTable(),
            UnmatchedPolicy.FAIL,
            producer,
            deadLetters,
            null,
            new TopicPolicy(Set.of(EventRoutes.DLQ_TOPIC)),
            1024 * 1024,
            true);

    List<SyntheticEvent> events = SyntheticEvent.generate(SEED, ROWS);
    rows = new EventRow[ROWS];
    for (int i = 0; i < ROWS; i++) {
      SyntheticEvent event = events.get(i);
      boolean invalid = variant.invalidRow(i);
      rows[i] = EventRoutes.row(event, invalid ? event.invalidJsonBytes(i) : event.jsonBytes());
    }
  }

  @Benchmark
  public long dispatch() {
    EventRow row = rows[next++ & (ROWS - 1)];
    // The task writer validates before dispatching (RowEvaluator); here the same two steps.
    String problem = validator == null ? null : validator.validate(row.value());
    if (problem == null) {
      dispatcher.dispatch(row);
    } else {
      dispatcher.rejectInvalidValue(row, problem);
    }
    return producer.records();
  }

  /** What the dispatcher counted so far (for tests). */
  DispatchCounters counters() {
    return dispatcher.counters();
  }

  /** Surfaces any failure the dispatcher kept (there should be none), as commit() would. */
  @TearDown(Level.Iteration)
  public void flush() {
    dispatcher.flush();
  }
}
