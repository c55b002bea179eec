package io.github.kafkarouted.connector.delivery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Driver side: makes sure the marker topic ({@code delivery.markerTopic}) exists before a write's
 * first tasks run, creating it with one partition if it does not (a consumer-group offset can only
 * be committed for a partition that exists). The topic holds no records. Asks the brokers once per
 * sink. Thread-safe.
 */
public final class MarkerTopic {

  private static final long TIMEOUT_MS = 30_000;

  private final Supplier<Map<String, Object>> adminConfig;
  private boolean known;

  /** @param adminConfig the route cluster's Admin settings, read only when the brokers are asked */
  public MarkerTopic(Supplier<Map<String, Object>> adminConfig) {
    this.adminConfig = adminConfig;
  }

  /** Creates {@code topic} (one partition, the brokers' replication) unless it exists. */
  public synchronized void ensureExists(String topic) {
    if (known) {
      return;
    }
    try (Admin admin = Admin.create(adminConfig.get())) {
      if (!exists(admin, topic)) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
              .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // created meanwhile by another write is fine
          }
        }
      }
      known = true;
    } catch (ExecutionException e) {
      throw new KafkaException(
          "delivery.guarantee=exactly-once: the marker topic '" + topic + "' (delivery.markerTopic) could not"
              + " be created: " + e.getCause() + ". Create it (one partition is enough) or allow the sink to.",
          e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new KafkaException("Timed out checking the marker topic '" + topic + "' (delivery.markerTopic)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted checking the marker topic", e);
    }
  }

  private static boolean exists(Admin admin, String topic)
      throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
    try {
      admin.describeTopics(Set.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
  }
}
