package io.github.kafkarouted.connector.metadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "does this topic exist?" for topics computed per row, when the brokers do not create
 * topics on first use. Without it, the producer would wait {@code max.block.ms} (a minute by
 * default) for the metadata of every such record and then fail the task; here the first record of
 * a new topic costs one Admin round trip, and the answer is cached: forever for a topic that
 * exists, for {@link #MISSING_TTL_MS} for one that does not (so a topic created later is found).
 *
 * <p>One Admin client per distinct connection configuration per JVM ({@link #shared()}, an
 * explicit closeable pool). Thread-safe.
 */
public final class TopicDirectory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicDirectory.class);

  static final long MISSING_TTL_MS = 10_000;
  private static final long LOOKUP_TIMEOUT_MS = 15_000;
  private static final Object SHARED_LOCK = new Object();
  private static TopicDirectory shared;

  private final LongSupplier clock;
  private final Map<SortedMap<String, Object>, Cluster> clusters = new HashMap<>();

  /** One cluster's Admin client and what it has learned. */
  private static final class Cluster {
    final Admin admin;
    final Map<String, Long> missingSince = new ConcurrentHashMap<>();
    final Map<String, Boolean> existing = new ConcurrentHashMap<>();

    Cluster(Admin admin) {
      this.admin = admin;
    }
  }

  TopicDirectory(LongSupplier clock) {
    this.clock = clock;
  }

  public static TopicDirectory shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        shared = new TopicDirectory(System::currentTimeMillis);
      }
      return shared;
    }
  }

  /**
   * Whether {@code topic} exists in the cluster that {@code adminConfig} reaches. Errors other
   * than "unknown topic" (timeouts, authorization) propagate: they are not the record's fault.
   */
  public boolean exists(Map<String, Object> adminConfig, String topic) {
    Cluster cluster = cluster(adminConfig);
    if (cluster.existing.containsKey(topic)) {
      return true;
    }
    Long since = cluster.missingSince.get(topic);
    long now = clock.getAsLong();
    if (since != null && now - since < MISSING_TTL_MS) {
      return false;
    }
    boolean exists = describe(cluster.admin, topic);
    if (exists) {
      cluster.existing.put(topic, Boolean.TRUE);
      cluster.missingSince.remove(topic);
    } else {
      cluster.missingSince.put(topic, now);
    }
    return exists;
  }

  private static boolean describe(Admin admin, String topic) {
    try {
      admin.describeTopics(List.of(topic)).allTopicNames().get(LOOKUP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new IllegalStateException("Looking up topic '" + topic + "' failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Looking up topic '" + topic + "' timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while looking up topic '" + topic + "'", e);
    }
  }

  private synchronized Cluster cluster(Map<String, Object> adminConfig) {
    SortedMap<String, Object> key = new TreeMap<>(adminConfig);
    return clusters.computeIfAbsent(key, k -> new Cluster(Admin.create(new HashMap<>(k))));
  }

  @Override
  public void close() {
    List<Cluster> all;
    synchronized (this) {
      all = List.copyOf(clusters.values());
      clusters.clear();
    }
    for (Cluster c : all) {
      try {
        c.admin.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing an Admin client failed", e);
      }
    }
  }
}
