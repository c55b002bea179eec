package io.github.kafkarouted.benchmarks;

import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.RouteTargets;
import io.github.kafkarouted.connector.validation.json.JsonSchemaValidator;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building one dead letter and encoding it into its DLQ record per operation, as the sink does for
 * a record that failed validation: original key and value, reason {@code SCHEMA_INVALID}, the
 * validator's message, the intended topic, source topic/partition/offset, query and batch id.
 * Envelopes: {@code dlq.format=headers} with the native ({@code kafka-routed.dlq.*}) or the
 * Connect ({@code __connect.errors.*}) header style, and {@code dlq.format=json}. No stack trace
 * (the default). Inputs are pre-built from seed {@value #SEED}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DeadLetterEnvelopeBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DeadLetterEnvelopeBenchmark {

  static final long SEED = 20261102L;
  static final int LETTERS = 1024;
  private static final String QUERY_ID = "6f1c0a4e-3b7d-4e55-9a51-8f0e2d9c1b23";

  /** The envelope: dlq.format and, for headers, dlq.headers. */
  public enum Envelope {
    HEADERS_NATIVE(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS),
    HEADERS_CONNECT(HeaderStyle.CONNECT, DeadLetterFormat.HEADERS),
    JSON(HeaderStyle.NATIVE, DeadLetterFormat.JSON);

    final HeaderStyle style;
    final DeadLetterFormat format;

    Envelope(HeaderStyle style, DeadLetterFormat format) {
      this.style = style;
      this.format = format;
    }
  }

  @Param({"HEADERS_NATIVE", "HEADERS_CONNECT", "JSON"})
  public Envelope envelope;

  private DeadLetterEncoder encoder;
  private SyntheticEvent[] events;
  private byte[][] keys;
  private byte[][] values;
  private String[] messages;
  private List<List<String>> targets;
  private int next;

  @Setup
  public void setUp() {
    encoder = new DeadLetterEncoder(envelope.style, envelope.format, false, 1024 * 1024);
    JsonSchemaValidator validator = JsonSchemaValidator.fromDdl(SyntheticEvent.SCHEMA_DDL, false);
    List<SyntheticEvent> generated = SyntheticEvent.generate(SEED, LETTERS);
    events = generated.toArray(new SyntheticEvent[0]);
    keys = new byte[LETTERS][];
    values = new byte[LETTERS][];
    messages = new String[LETTERS];
    targets = new ArrayList<>(LETTERS);
    RouteTable routes = EventRoutes.routeTable();
    RouteTargets routed = routes.newTargets();
    for (int i = 0; i < LETTERS; i++) {
      SyntheticEvent event = events[i];
      keys[i] = event.key();
      values[i] = event.invalidJsonBytes(i);
      messages[i] = "validation.schema: " + validator.validate(values[i]);
      // The topic the row was meant for, as the sink's routing chose it.
      routes.resolve(EventRoutes.row(event, values[i]), routed);
      targets.add(List.of(routed.topic(0)));
    }
  }

  @Benchmark
  public ProducerRecord<byte[], byte[]> buildAndEncode() {
    int i = next++ & (LETTERS - 1);
    SyntheticEvent event = events[i];
    DeadLetter letter =
        DeadLetter.builder()
            .key(keys[i])
            .value(values[i])
            .headers(List.of())
            .reason(DeadLetterReason.SCHEMA_INVALID)
            .targetTopics(targets.get(i))
            .sourceTopic(SyntheticEvent.SOURCE_TOPIC)
            .sourcePartition(event.sourcePartition())
            .sourceOffset(event.sourceOffset())
            .queryId(QUERY_ID)
            .batchId(42L)
            .failedAtMillis(1_793_000_000_000L + i)
            .errorClass(DeadLetterReason.SCHEMA_INVALID.name())
            .errorMessage(messages[i])
            .build();
    return encoder.encode(EventRoutes.DLQ_TOPIC, letter);
  }
}
