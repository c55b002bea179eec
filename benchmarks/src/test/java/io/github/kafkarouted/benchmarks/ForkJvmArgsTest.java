package io.github.kafkarouted.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.kafkarouted.benchmarks.e2e.E2eLatencyBenchmark;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Fork;

/**
 * The Spark flags of the forked JVM of each benchmark that starts Spark must be the parent pom's
 * {@code spark.jvm.opens} (an annotation cannot read a Maven property, so the benchmarks hold a
 * copy; surefire passes the property to this test).
 */
class ForkJvmArgsTest {

  @ParameterizedTest
  @ValueSource(classes = {WriterPathBenchmark.class, E2eLatencyBenchmark.class})
  void sparkBenchmarksForkWithTheParentPomSparkFlags(Class<?> benchmark) {
    String opens = System.getProperty("spark.jvm.opens");
    assertNotNull(opens, "system property spark.jvm.opens (set by the benchmarks pom's surefire)");
    List<String> expected = List.of(opens.trim().split("\\s+"));

    Fork fork = benchmark.getAnnotation(Fork.class);

    assertEquals(expected, List.of(fork.jvmArgsAppend()));
  }
}
