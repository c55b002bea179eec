package io.github.kafkarouted.connector.metadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
 * explicit closeable pool, managed like the producer pool): a client unused for the idle timeout
 * is closed by a named daemon thread, with what it learned (a query that ended must not keep
 * connections to its clusters open for the life of the executor); {@link #close()} closes every
 * client. Thread-safe.
 */
public final class TopicDirectory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicDirectory.class);

  static final long MISSING_TTL_MS = 10_000;
  /** How long an unused Admin client is kept; the producer pool's default. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);
  private static final long LOOKUP_TIMEOUT_MS = 15_000;
  private static final Object SHARED_LOCK = new Object();
  private static TopicDirectory shared;

  private final Function<Map<String, Object>, Admin> factory;
  private final LongSupplier clock;
  private final long idleTimeoutMs;
  private final ScheduledExecutorService evictor;
  private final Map<SortedMap<String, Object>, Cluster> clusters = new HashMap<>();
  private boolean closed;

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

  /**
   * One cluster's Admin client and what it has learned. {@code lookUps} and {@code idleSince} are
   * guarded by the directory: a client is evicted only when no look-up is using it.
   */
  private static final class Cluster {
    final Admin admin;
    final Map<String, Negative> negative = new ConcurrentHashMap<>();
    final Map<String, Answer> usable = new ConcurrentHashMap<>();
    int lookUps;
    long idleSince;

    Cluster(Admin admin) {
      this.admin = admin;
    }
  }

  /**
   * @param factory creates an Admin client for a configuration
   * @param clock milliseconds, injectable for tests
   * @param idleTimeoutMs how long an unused Admin client is kept
   * @param evictor runs the idle check; null to evict only through {@link #evictIdle()}
   */
  TopicDirectory(
      Function<Map<String, Object>, Admin> factory,
      LongSupplier clock,
      long idleTimeoutMs,
      ScheduledExecutorService evictor) {
    this.factory = factory;
    this.clock = clock;
    this.idleTimeoutMs = idleTimeoutMs;
    this.evictor = evictor;
    if (evictor != null) {
      long period = Math.max(1000, Math.min(idleTimeoutMs / 2, 60_000));
      evictor.scheduleWithFixedDelay(this::evictIdleSafely, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /** The directory of this JVM, created on first use. */
  public static TopicDirectory shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        ScheduledExecutorService evictor =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "kafka-routed-admin-evictor");
                  t.setDaemon(true);
                  return t;
                });
        shared =
            new TopicDirectory(
                Admin::create, System::currentTimeMillis, DEFAULT_IDLE_TIMEOUT_MS, evictor);
      }
      return shared;
    }
  }

  /**
   * Closes the directory of this JVM and every Admin client in it; the next {@link #shared()}
   * makes a new one.
   */
  public static void closeShared() {
    synchronized (SHARED_LOCK) {
      if (shared != null) {
        shared.close();
        shared = null;
      }
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
    Cluster cluster = acquire(adminConfig);
    try {
      return lookUp(cluster, topic, brokersCreateTopics);
    } finally {
      release(cluster);
    }
  }

  private Answer lookUp(Cluster cluster, String topic, boolean brokersCreateTopics) {
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

  /** The cluster's entry, its client created if needed, marked in use until {@link #release}. */
  private synchronized Cluster acquire(Map<String, Object> adminConfig) {
    if (closed) {
      throw new IllegalStateException("The topic directory is closed");
    }
    SortedMap<String, Object> key = new TreeMap<>(adminConfig);
    Cluster cluster = clusters.computeIfAbsent(key, k -> new Cluster(factory.apply(new HashMap<>(k))));
    cluster.lookUps++;
    return cluster;
  }

  private synchronized void release(Cluster cluster) {
    cluster.lookUps--;
    if (cluster.lookUps == 0) {
      cluster.idleSince = clock.getAsLong();
    }
  }

  /** Closes Admin clients unused for longer than the timeout, and forgets what they learned. */
  void evictIdle() {
    List<Cluster> idle = new ArrayList<>();
    synchronized (this) {
      long now = clock.getAsLong();
      clusters
          .values()
          .removeIf(
              c -> {
                boolean expired = c.lookUps == 0 && now - c.idleSince >= idleTimeoutMs;
                if (expired) {
                  idle.add(c);
                }
                return expired;
              });
    }
    // Closing waits for the client's thread: do it outside the lock.
    idle.forEach(TopicDirectory::closeQuietly);
  }

  private void evictIdleSafely() {
    try {
      evictIdle();
    } catch (RuntimeException e) {
      LOG.warn("Evicting idle Admin clients failed; will retry", e);
    }
  }

  synchronized int size() {
    return clusters.size();
  }

  /** Closes every Admin client; later look-ups fail. Safe to call twice. */
  @Override
  public void close() {
    List<Cluster> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(clusters.values());
      clusters.clear();
    }
    if (evictor != null) {
      evictor.shutdownNow();
    }
    all.forEach(TopicDirectory::closeQuietly);
  }

  private static void closeQuietly(Cluster cluster) {
    try {
      cluster.admin.close();
    } catch (RuntimeException e) {
      // A look-up client has nothing pending that anybody waits for.
      LOG.warn("Closing an Admin client failed", e);
    }
  }
}
