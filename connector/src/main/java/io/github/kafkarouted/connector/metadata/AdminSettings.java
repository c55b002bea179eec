package io.github.kafkarouted.connector.metadata;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The settings of an Admin client that reaches the brokers the way a producer with the given
 * settings does (connection and security), for the driver's start-time topic check and the
 * executors' computed-topic lookups alike. Stateless.
 */
public final class AdminSettings {

  private AdminSettings() {}

  /** The Admin-relevant subset of {@code producerSettings}, with {@code timeoutMs} as its request and API timeout. */
  public static Map<String, Object> fromProducerSettings(Map<String, String> producerSettings, long timeoutMs) {
    Set<String> adminNames = AdminClientConfig.configNames();
    Map<String, Object> config = new HashMap<>();
    producerSettings.forEach(
        (k, v) -> {
          if (adminNames.contains(k)) {
            config.put(k, v);
          }
        });
    int timeout = (int) Math.min(Integer.MAX_VALUE, timeoutMs);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-routed-topic-check");
    return config;
  }
}
