package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.connector.config.RouteOption;
import io.github.kafkarouted.connector.config.SecretRedaction;
import io.github.kafkarouted.connector.config.SinkConf;
import io.github.kafkarouted.connector.config.SinkOptions;
import io.github.kafkarouted.connector.metadata.AdminSettings;
import io.github.kafkarouted.connector.producer.DelegationTokens;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, on the driver, checks that the literal topics the sink will write exist when the
 * brokers do not create topics on first use: otherwise every record to such a topic would wait
 * {@code max.block.ms} for metadata and then fail the task. Uses the {@code kafka.*} settings
 * (security included) for its Admin client. Topics computed per row cannot be checked here.
 */
public final class TopicCheck {

  private static final Logger LOG = LoggerFactory.getLogger(TopicCheck.class);

  private TopicCheck() {}

  /**
   * Checks that the bootstrap addresses resolve and that the literal topics exist, and returns how
   * writers must check computed topics: {@link ComputedTopics#UNCHECKED} with {@code
   * topic.check=false} (which skips the topic lookup but not the address check), else as the route
   * brokers create topics on first use (which counts as "may" when unknown). The DLQ topics are
   * checked with the DLQ producer's settings ({@code dlq.kafka.*} over {@code kafka.*}) when they
   * reach the brokers differently, e.g. another cluster or other credentials, so that wrong DLQ
   * credentials fail here and not at the first dead letter.
   */
  public static ComputedTopics run(SinkConf conf) {
    Map<String, String> topics = literalTopics(conf);
    checkBootstrapResolves(conf.producerSettings());
    if (!conf.topicCheck()) {
      return ComputedTopics.UNCHECKED;
    }
    long timeout = conf.topicCheckTimeoutMs();
    Map<String, Object> routeAdmin = AdminSettings.fromProducerSettings(conf.producerSettings(), timeout);
    Map<String, Object> dlqAdmin = AdminSettings.fromProducerSettings(conf.dlqProducerSettings(), timeout);
    boolean dlqElsewhere = conf.dlqTopic() != null && !dlqAdmin.equals(routeAdmin);
    if (dlqElsewhere) {
      topics.keySet().removeAll(conf.dlqTopicOptions().keySet());
    }
    boolean autoCreate =
        check(new Cluster(routeAdmin, conf.producerSettings(), ROUTE_BROKERS), topics, timeout);
    if (dlqElsewhere) {
      check(
          new Cluster(dlqAdmin, conf.dlqProducerSettings(), DLQ_BROKERS),
          conf.dlqTopicOptions(),
          timeout);
    }
    return autoCreate ? ComputedTopics.MAY_BE_CREATED : ComputedTopics.MUST_EXIST;
  }

  private static final String ROUTE_BROKERS =
      "the Kafka brokers in option '" + SinkOptions.BOOTSTRAP_SERVERS + "'";
  private static final String DLQ_BROKERS =
      "the dead-letter brokers (options '"
          + SinkOptions.DLQ_KAFKA_PREFIX
          + "*' over '"
          + SinkOptions.KAFKA_PREFIX
          + "*')";

  /** One cluster as the sink reaches it: Admin settings, the producer settings they came from, and how messages name it. */
  private record Cluster(Map<String, Object> adminConfig, Map<String, String> settings, String name) {}

  /** Checks that {@code topics} exist on the cluster unless it creates topics; returns whether it does. */
  private static boolean check(Cluster cluster, Map<String, String> topics, long timeout) {
    try (Admin admin = createAdmin(cluster)) {
      Optional<Boolean> autoCreate = brokerAutoCreates(admin, timeout);
      if (autoCreate.orElse(true)) {
        return true;
      }
      Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
      for (Map.Entry<String, String> e : topics.entrySet()) {
        if (!existing.contains(e.getKey())) {
          throw new IllegalArgumentException(
              "Topic '"
                  + e.getKey()
                  + "' (option '"
                  + e.getValue()
                  + "') does not exist on "
                  + cluster.name()
                  + ", and they do not create topics automatically."
                  + " Create it first, or set "
                  + SinkOptions.TOPIC_CHECK
                  + "=false to skip this check.");
        }
      }
      return false;
    } catch (TimeoutException e) {
      throw unreachable(cluster, timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        // The Admin client's own deadline (the same timeout) may expire before ours.
        throw unreachable(cluster, timeout, e.getCause());
      }
      throw new IllegalArgumentException(
          "Checking the sink's topics with "
              + cluster.name()
              + " failed: "
              + SecretRedaction.describe(e.getCause(), cluster.settings()),
          SecretRedaction.safeCause(e.getCause(), cluster.settings()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking the sink's topics", e);
    }
  }

  private static IllegalArgumentException unreachable(
      Cluster cluster, long timeout, Throwable cause) {
    return new IllegalArgumentException(
        "Could not reach "
            + cluster.name()
            + " within "
            + timeout
            + " ms ("
            + SinkOptions.TOPIC_CHECK_TIMEOUT_MS
            + ") to check the sink's topics. Check the address and security settings, or set "
            + SinkOptions.TOPIC_CHECK
            + "=false.",
        cause);
  }

  /**
   * Every producer resolves its bootstrap addresses when it is created and fails if none resolves:
   * do the same lookup here, so that a typo in a host name fails start() (even with
   * topic.check=false) instead of every task.
   */
  static void checkBootstrapResolves(Map<String, String> producerSettings) {
    String servers = producerSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    String lookup = producerSettings.get(AdminClientConfig.CLIENT_DNS_LOOKUP_CONFIG);
    try {
      ClientUtils.parseAndValidateAddresses(
          Arrays.asList(servers.trim().split("\\s*,\\s*")),
          lookup == null ? ClientDnsLookup.USE_ALL_DNS_IPS : ClientDnsLookup.forConfig(lookup));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "Option '" + SinkOptions.BOOTSTRAP_SERVERS + "' ('" + servers + "'): " + e.getMessage(), e);
    }
  }

  /**
   * A Kafka client refuses settings it cannot use (a keystore it cannot open, a malformed JAAS
   * text) when it is created, with a message that names neither the option nor the reason at its
   * top: both are added here, secrets removed.
   */
  private static Admin createAdmin(Cluster cluster) {
    try {
      // With Spark's Kafka delegation tokens, as Spark's kafka source logs its driver Admin in.
      return Admin.create(DelegationTokens.apply(DelegationTokens.DRIVER, cluster.adminConfig()));
    } catch (KafkaException e) {
      throw new IllegalArgumentException(
          "Cannot create a Kafka client for "
              + cluster.name()
              + " from the sink's security and connection options ("
              + SinkOptions.KAFKA_PREFIX
              + "security.protocol, "
              + SinkOptions.KAFKA_PREFIX
              + "sasl.*, "
              + SinkOptions.KAFKA_PREFIX
              + "ssl.*): "
              + SecretRedaction.describe(e, cluster.settings()),
          SecretRedaction.safeCause(e, cluster.settings()));
    }
  }

  /** Literal topic to the option that names it. */
  private static Map<String, String> literalTopics(SinkConf conf) {
    Map<String, String> topics = new LinkedHashMap<>();
    for (RouteOption r : conf.routes()) {
      if (r.hasLiteralTopic()) {
        topics.putIfAbsent(r.topic(), r.topicKey());
      }
    }
    if (conf.defaultTopic() != null) {
      topics.putIfAbsent(conf.defaultTopic(), SinkOptions.TOPIC);
    }
    conf.dlqTopicOptions().forEach(topics::putIfAbsent);
    return topics;
  }

  /** The brokers' auto.create.topics.enable, if they let us read it. */
  private static Optional<Boolean> brokerAutoCreates(Admin admin, long timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    Collection<Node> nodes = admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS);
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    ConfigResource broker =
        new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
    try {
      Config config =
          admin.describeConfigs(List.of(broker)).all().get(timeout, TimeUnit.MILLISECONDS).get(broker);
      ConfigEntry entry = config == null ? null : config.get("auto.create.topics.enable");
      return entry == null ? Optional.empty() : Optional.of(Boolean.parseBoolean(entry.value()));
    } catch (ExecutionException e) {
      // Not allowed to describe broker configs: assume topics may be auto-created, skip the check.
      LOG.info("Cannot read the brokers' auto.create.topics.enable ({}); skipping the topic check",
          e.getCause().getClass().getSimpleName());
      return Optional.empty();
    }
  }
}
