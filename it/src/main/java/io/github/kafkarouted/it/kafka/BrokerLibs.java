package io.github.kafkarouted.it.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the Kafka broker jars that the {@code kafka-broker} module copies to {@code
 * kafka-broker/target/broker-libs}. They run in their own JVM, so the broker's kafka-clients 4.x
 * never meets Spark's on one classpath. Stateless and thread-safe.
 */
final class BrokerLibs {
  static final String RELATIVE_DIR = "kafka-broker/target/broker-libs";

  private BrokerLibs() {}

  /**
   * The broker jars: the explicit directory, else {@code -Dkafka.broker.libs}, else
   * {@code kafka-broker/target/broker-libs} in the working directory or a parent of it (tests run
   * from a module directory, the demo from the repository root).
   */
  static Path resolve(Path explicit) {
    List<Path> candidates = new ArrayList<>();
    if (explicit != null) {
      candidates.add(explicit);
    }
    String property = System.getProperty(LocalKafkaBroker.BROKER_LIBS_PROPERTY);
    if (property != null && !property.isBlank()) {
      candidates.add(Paths.get(property));
    }
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      candidates.add(d.resolve(RELATIVE_DIR));
    }
    for (Path candidate : candidates) {
      if (hasKafkaJar(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "Kafka broker jars not found (looked in " + candidates + "). Build them with "
            + "'mvn -pl kafka-broker package' from the repository root, or set -D"
            + LocalKafkaBroker.BROKER_LIBS_PROPERTY + "=<dir>");
  }

  private static boolean hasKafkaJar(Path dir) {
    try (var files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().matches("kafka_2\\.13-.*\\.jar"));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }
}
