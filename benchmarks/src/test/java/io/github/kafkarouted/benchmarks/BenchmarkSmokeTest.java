package io.github.kafkarouted.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The quick mode of the micro suite, run by the normal build as a smoke check: every benchmark,
 * every parameter combination, in this JVM ({@code forks(0)}), one 100 ms warm-up and one 100 ms
 * measurement. It asserts only that each ran and produced a measurement, never how fast (the
 * numbers of such short runs mean nothing).
 */
class BenchmarkSmokeTest {

  /** Every benchmark class of the suite; a benchmark missing here fails the test. */
  private static final List<Class<?>> BENCHMARKS =
      List.of(
          RouterBenchmark.class,
          ValidationBenchmark.class,
          DeadLetterEnvelopeBenchmark.class,
          DispatchBenchmark.class,
          WriterPathBenchmark.class);

  @Test
  void everyBenchmarkRunsAndProducesAResult() throws Exception {
    Options options =
        new OptionsBuilder()
            .include("io\\.github\\.kafkarouted\\.benchmarks\\..*")
            // The end-to-end benchmark starts a broker and Spark: E2eLatencyIntegrationTest runs it.
            .exclude("io\\.github\\.kafkarouted\\.benchmarks\\.e2e\\..*")
            .forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(100))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Map<String, Integer> runs = new TreeMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      runs.merge(name, 1, Integer::sum);
      double score = result.getPrimaryResult().getScore();
      assertTrue(score > 0 && Double.isFinite(score), name + " " + result.getParams() + ": " + score);
    }
    assertEquals(expectedRuns(), runs);
  }

  /** Benchmark method name to its number of parameter combinations. */
  private static Map<String, Integer> expectedRuns() {
    Map<String, Integer> expected = new TreeMap<>();
    for (Class<?> type : BENCHMARKS) {
      int combinations = 1;
      for (Field field : type.getDeclaredFields()) {
        Param param = field.getAnnotation(Param.class);
        if (param != null) {
          combinations *= param.value().length;
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (method.isAnnotationPresent(Benchmark.class)) {
          expected.put(type.getName() + "." + method.getName(), combinations);
        }
      }
    }
    return expected;
  }
}
