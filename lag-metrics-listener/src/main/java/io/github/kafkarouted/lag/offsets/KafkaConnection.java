package io.github.kafkarouted.lag.offsets;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * How to reach one Kafka cluster: the Admin client settings (bootstrap servers and security) and
 * whether end offsets are read as {@code read_committed} (the last stable offset, which is what a
 * source with {@code kafka.isolation.level=read_committed} can reach). Equal connections share one
 * Admin client.
 *
 * <p>Immutable and thread-safe. {@link #toString()} redacts secrets; {@link #adminConfig()} does
 * not and must never be logged.
 */
public final class KafkaConnection {

  private static final String ISOLATION_LEVEL = "isolation.level";
  private static final Set<String> ADMIN_KEYS = AdminClientConfig.configNames();
  private static final Pattern SECRET_KEY =
      Pattern.compile(".*(password|jaas|secret|token|credential|\\.key$|keystore\\.key).*");

  private final SortedMap<String, String> adminConfig;
  private final boolean readCommitted;

  private KafkaConnection(SortedMap<String, String> adminConfig, boolean readCommitted) {
    this.adminConfig = Collections.unmodifiableSortedMap(adminConfig);
    this.readCommitted = readCommitted;
  }

  /**
   * The connection a Kafka source with these options uses, with {@code overrides} on top.
   *
   * @param sourceOptions the source's options ({@code kafka.bootstrap.servers}, {@code
   *     kafka.security.protocol}, ...; other keys are ignored). Only settings the Admin client
   *     knows are kept: consumer-only ones such as {@code fetch.max.wait.ms} mean nothing to it.
   * @param overrides Admin settings without prefix ({@code bootstrap.servers}, ...), all kept
   * @return empty if neither names bootstrap servers
   */
  public static Optional<KafkaConnection> of(
      Map<String, String> sourceOptions, Map<String, String> overrides) {
    SortedMap<String, String> config = new TreeMap<>();
    String isolation = null;
    for (Map.Entry<String, String> e : sourceOptions.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (!key.startsWith("kafka.")) {
        continue;
      }
      String name = key.substring("kafka.".length());
      if (name.equals(ISOLATION_LEVEL)) {
        isolation = e.getValue();
      } else if (ADMIN_KEYS.contains(name)) {
        config.put(name, e.getValue());
      }
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.equals(ISOLATION_LEVEL)) {
        isolation = e.getValue();
      } else {
        config.put(name, e.getValue());
      }
    }
    String servers = config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    if (servers == null || servers.isBlank()) {
      return Optional.empty();
    }
    boolean readCommitted =
        isolation != null && isolation.trim().equalsIgnoreCase("read_committed");
    return Optional.of(new KafkaConnection(config, readCommitted));
  }

  /** Admin client settings. Holds secrets: never log. */
  public Map<String, String> adminConfig() {
    return adminConfig;
  }

  public String bootstrapServers() {
    return adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  public boolean readCommitted() {
    return readCommitted;
  }

  /** True for setting names whose values must never be logged. */
  public static boolean isSecret(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
  }

  /** The settings with secret values replaced, safe to log. */
  public static Map<String, String> redact(Map<String, String> config) {
    Map<String, String> shown = new TreeMap<>();
    config.forEach((k, v) -> shown.put(k, isSecret(k) ? "[redacted]" : v));
    return shown;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaConnection
        && ((KafkaConnection) o).readCommitted == readCommitted
        && ((KafkaConnection) o).adminConfig.equals(adminConfig);
  }

  @Override
  public int hashCode() {
    return adminConfig.hashCode() * 31 + Boolean.hashCode(readCommitted);
  }

  @Override
  public String toString() {
    return "KafkaConnection" + redact(adminConfig) + (readCommitted ? " read_committed" : "");
  }
}
