package io.github.kafkarouted.it.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A cluster that something else runs, reached at a given bootstrap address
 * ({@code -Dkafka.fixture=external -Dkafka.bootstrap.servers=host:port}). Security settings, if
 * any, come from system properties {@code kafka.client.<client setting>}. Cannot restart the
 * broker; {@link #close()} closes only the clients. Thread-safe.
 */
public final class ExternalKafkaCluster extends ClientBackedKafkaCluster {
  /** Prefix of system properties passed to every client, e.g. {@code -Dkafka.client.security.protocol=SSL}. */
  public static final String CLIENT_PROPERTY_PREFIX = "kafka.client.";

  private final Map<String, Object> clientProperties;

  private ExternalKafkaCluster(Map<String, Object> clientProperties) {
    this.clientProperties = Map.copyOf(clientProperties);
  }

  /** A cluster at {@code bootstrapServers} with extra client settings (security, timeouts). */
  public static ExternalKafkaCluster connect(String bootstrapServers, Map<String, Object> extraClientProperties) {
    Map<String, Object> properties = new HashMap<>(extraClientProperties);
    properties.put("bootstrap.servers", bootstrapServers);
    return new ExternalKafkaCluster(properties);
  }

  /** A cluster at {@code bootstrapServers}, with client settings from {@code -Dkafka.client.*}. */
  public static ExternalKafkaCluster fromSystemProperties(String bootstrapServers) {
    Map<String, Object> extra = new HashMap<>();
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith(CLIENT_PROPERTY_PREFIX)) {
        extra.put(name.substring(CLIENT_PROPERTY_PREFIX.length()), system.getProperty(name));
      }
    }
    return connect(bootstrapServers, extra);
  }

  @Override
  public String bootstrapServers() {
    return (String) clientProperties.get("bootstrap.servers");
  }

  @Override
  public Map<String, Object> clientProperties() {
    return clientProperties;
  }

  @Override
  public void close() {
    closeClients();
  }

  @Override
  public String toString() {
    // Client settings may hold secrets: show only the address.
    return "ExternalKafkaCluster{bootstrap=" + bootstrapServers() + "}";
  }
}
