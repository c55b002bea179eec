package io.github.kafkarouted.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

/**
 * The Spark flags of {@link WriterPathBenchmark}'s forked JVM must be the parent pom's {@code
 * spark.jvm.opens} (an annotation cannot read a Maven property, so the benchmark holds a copy;
 * surefire passes the property to this test).
 */
class ForkJvmArgsTest {

  @Test
  void writerPathBenchmarkForksWithTheParentPomSparkFlags() {
    String opens = System.getProperty("spark.jvm.opens");
    assertNotNull(opens, "system property spark.jvm.opens (set by the benchmarks pom's surefire)");
    List<String> expected = List.of(opens.trim().split("\\s+"));

    Fork fork = WriterPathBenchmark.class.getAnnotation(Fork.class);

    assertEquals(expected, List.of(fork.jvmArgsAppend()));
  }
}
