package io.github.kafkarouted.it.kafka;

import java.util.Map;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A single-node Kafka in Docker through Testcontainers ({@code apache/kafka:4.1.1}), chosen with
 * {@code -Dkafka.fixture=testcontainers} where a Docker engine is reachable. No SASL listener and
 * no restart (a restarted container gets new host ports). Thread-safe.
 */
public final class TestcontainersKafkaCluster extends ClientBackedKafkaCluster {
  /** The image matching the broker version of {@link LocalKafkaBroker}. */
  public static final String IMAGE = "apache/kafka:4.1.1";

  private final KafkaContainer container;
  private boolean closed;

  private TestcontainersKafkaCluster(KafkaContainer container) {
    this.container = container;
  }

  /** Starts the container (auto topic creation off) and returns once Kafka accepts requests. */
  public static TestcontainersKafkaCluster start() {
    KafkaContainer container =
        new KafkaContainer(IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    container.start();
    return new TestcontainersKafkaCluster(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public Map<String, Object> clientProperties() {
    return Map.of("bootstrap.servers", bootstrapServers());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeClients();
    } finally {
      container.stop();
    }
  }

  @Override
  public String toString() {
    return "TestcontainersKafkaCluster{image=" + IMAGE + "}";
  }
}
