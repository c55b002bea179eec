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
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "can records be sent to this topic?" for topics computed per row. Without it, the
 * producer would wait {@code max.block.ms} (a minute by default) for the metadata of every record
 * to a topic that does not exist, or that the brokers refuse to create (a name that collides with
 * an existing one but for '.' and '_', a creation policy, no permission), and then fail the task;
 * here the first record of a new topic costs one or two Admin round trips, and the answer is
 * cached: forever for a topic that exists (or that the brokers accepted to create), for {@link
 * #MISSING_TTL_MS} otherwise (so a topic created later is found).
 *
 * <p>When the brokers create topics on first use, a missing topic is checked with a
 * validate-only {@code CreateTopics} request, which runs the brokers' own checks without creating
 * anything: the producer's first send then creates it, as the user's brokers are set up to.
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

  /** What the cluster says of a topic. */
  public enum Status {
    /** The topic exists. */
    EXISTS,
    /** The topic does not exist, and the brokers accept to create it on first use. */
    CREATABLE,
    /** The topic does not exist and the brokers do not create topics on first use. */
    MISSING,
    /** The brokers refuse the name (e.g. it collides with an existing topic but for '.' and '_'). */
    INVALID_NAME,
    /** The brokers refuse to create it for another reason (a creation policy, permissions). */
    NOT_CREATABLE
  }

  /** A status with the brokers' explanation (null for the usable ones). */
  public record Answer(Status status, String detail) {
    static final Answer EXISTING = new Answer(Status.EXISTS, null);
    static final Answer WILL_BE_CREATED = new Answer(Status.CREATABLE, null);

    /** Whether records can be sent to the topic. */
    public boolean usable() {
      return status == Status.EXISTS || status == Status.CREATABLE;
    }
  }

  /** A negative answer and when it was given. */
  private record Negative(Answer answer, long since) {}

  /** One cluster's Admin client and what it has learned. */
  private static final class Cluster {
    final Admin admin;
    final Map<String, Negative> negative = new ConcurrentHashMap<>();
    final Map<String, Answer> usable = new ConcurrentHashMap<>();

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
   * Whether records can be sent to {@code topic} in the cluster that {@code adminConfig} reaches.
   * Errors other than the topic's own (timeouts, no connection) propagate: they are not the
   * record's fault.
   *
   * @param brokersCreateTopics whether the brokers create topics on first use (or may: unknown)
   */
  public Answer lookUp(Map<String, Object> adminConfig, String topic, boolean brokersCreateTopics) {
    Cluster cluster = cluster(adminConfig);
    Answer known = cluster.usable.get(topic);
    if (known != null) {
      return known;
    }
    long now = clock.getAsLong();
    Negative refused = cluster.negative.get(topic);
    if (refused != null && now - refused.since() < MISSING_TTL_MS) {
      return refused.answer();
    }
    Answer answer = describe(cluster.admin, topic) ? Answer.EXISTING : missing(cluster.admin, topic, brokersCreateTopics);
    if (answer.usable()) {
      cluster.usable.put(topic, answer);
      cluster.negative.remove(topic);
    } else {
      cluster.negative.put(topic, new Negative(answer, now));
    }
    return answer;
  }

  private static Answer missing(Admin admin, String topic, boolean brokersCreateTopics) {
    if (!brokersCreateTopics) {
      return new Answer(Status.MISSING, null);
    }
    try {
      // Broker defaults for partitions and replication, as auto-creation uses.
      admin
          .createTopics(
              List.of(new NewTopic(topic, Optional.empty(), Optional.empty())),
              new CreateTopicsOptions().validateOnly(true))
          .all()
          .get(LOOKUP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return Answer.WILL_BE_CREATED;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TopicExistsException) {
        return Answer.EXISTING; // created meanwhile
      }
      if (cause instanceof InvalidTopicException) {
        return new Answer(Status.INVALID_NAME, cause.getMessage());
      }
      if (cause instanceof PolicyViolationException
          || cause instanceof TopicAuthorizationException
          || cause instanceof ClusterAuthorizationException
          || cause instanceof InvalidReplicationFactorException
          || cause instanceof InvalidPartitionsException
          || cause instanceof InvalidConfigurationException) {
        return new Answer(Status.NOT_CREATABLE, cause.getClass().getSimpleName() + ": " + cause.getMessage());
      }
      throw new IllegalStateException("Checking that topic '" + topic + "' can be created failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Checking that topic '" + topic + "' can be created timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking topic '" + topic + "'", e);
    }
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
