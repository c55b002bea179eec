package io.github.kafkarouted.benchmarks;

import io.github.kafkarouted.connector.validation.json.JsonSchemaValidator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Strict JSON validation ({@code validation.schema} with {@code validation.allowUnknownFields=false})
 * of one record value per operation against the 5-field {@link SyntheticEvent#SCHEMA_DDL}: {@link
 * #valid} values (about 110 bytes each, all accepted) and {@link #invalid} ones (each rejected, the
 * message built: a string where a number belongs, a missing NOT NULL field, too many decimals, an
 * undeclared field, truncated JSON, in turn). Values are pre-built from seed {@value #SEED}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ValidationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ValidationBenchmark {

  static final long SEED = 20261102L;
  static final int VALUES = 1024;

  private JsonSchemaValidator validator;
  private byte[][] validValues;
  private byte[][] invalidValues;
  private int next;

  @Setup
  public void setUp() {
    validator = JsonSchemaValidator.fromDdl(SyntheticEvent.SCHEMA_DDL, false);
    List<SyntheticEvent> events = SyntheticEvent.generate(SEED, VALUES);
    validValues = new byte[VALUES][];
    invalidValues = new byte[VALUES][];
    for (int i = 0; i < VALUES; i++) {
      validValues[i] = events.get(i).jsonBytes();
      invalidValues[i] = events.get(i).invalidJsonBytes(i);
      if (validator.validate(validValues[i]) != null || validator.validate(invalidValues[i]) == null) {
        throw new IllegalStateException("Input " + i + " is not what the benchmark expects");
      }
    }
  }

  /** Null: every value is valid. */
  @Benchmark
  public String valid() {
    return validator.validate(validValues[next++ & (VALUES - 1)]);
  }

  /** The message naming the offending field. */
  @Benchmark
  public String invalid() {
    return validator.validate(invalidValues[next++ & (VALUES - 1)]);
  }
}
