package io.github.kafkarouted.connector.producer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka producer per distinct producer configuration per JVM, shared by every task that writes
 * with that configuration: reference-counted, and closed once it has been unused for longer than
 * the idle timeout. KafkaProducer is thread-safe and batches best when shared, and creating one per
 * task would cost a metadata round trip and a new connection each time. The timeout and the
 * evictor's interval are Spark's {@code spark.kafka.producer.cache.*} settings ({@link
 * ProducerCacheConf}), as for the producer cache of Spark's kafka sink. As there too, Spark's
 * Kafka delegation tokens are applied to a configuration when it is leased ({@link
 * DelegationTokens}), and the producer is keyed on the result: a renewed token gets a new
 * producer, and the one with the old token is closed once idle.
 *
 * <p>{@link #shared()} is the executor-wide pool (explicit and closeable, the only static state of
 * the connector). Thread-safe.
 */
public final class ProducerPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProducerPool.class);

  private static final Object SHARED_LOCK = new Object();
  private static ProducerPool shared;

  private final Function<Map<String, Object>, Producer<byte[], byte[]>> factory;
  private final UnaryOperator<Map<String, Object>> authentication;
  private final LongSupplier clock;
  private final long idleTimeoutMs;
  private final ScheduledExecutorService evictor;
  private final Map<SortedMap<String, Object>, Entry> entries = new HashMap<>();
  private boolean closed;

  /** A producer handed out by {@link #acquire}; give it back with {@link #close()}. */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean released;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public Producer<byte[], byte[]> producer() {
      return entry.producer;
    }

    /** Returns the producer to the pool. Safe to call twice. */
    @Override
    public void close() {
      if (!released) {
        released = true;
        release(entry);
      }
    }
  }

  private static final class Entry {
    final SortedMap<String, Object> key;
    final Producer<byte[], byte[]> producer;
    int leases;
    long idleSince;

    Entry(SortedMap<String, Object> key, Producer<byte[], byte[]> producer) {
      this.key = key;
      this.producer = producer;
    }
  }

  /**
   * @param factory creates a producer for a configuration (the real one adds byte serializers)
   * @param authentication adds the login (a delegation token) to a leased configuration
   * @param clock milliseconds, injectable for tests
   * @param cache the idle timeout, and the evictor's interval (non-positive: never scheduled)
   * @param evictor runs the idle check every interval; null to evict only through {@link
   *     #evictIdle()}
   */
  ProducerPool(
      Function<Map<String, Object>, Producer<byte[], byte[]>> factory,
      UnaryOperator<Map<String, Object>> authentication,
      LongSupplier clock,
      ProducerCacheConf cache,
      ScheduledExecutorService evictor) {
    this.factory = factory;
    this.authentication = authentication;
    this.clock = clock;
    this.idleTimeoutMs = cache.timeoutMs();
    this.evictor = evictor;
    if (evictor != null && cache.evictorIntervalMs() > 0) {
      // As Spark's producer cache: at a fixed rate, the first run at once.
      evictor.scheduleAtFixedRate(
          this::evictIdleSafely, 0, cache.evictorIntervalMs(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The pool of this JVM, created on first use with the Spark settings of this JVM ({@link
   * ProducerCacheConf#current()}), read then once, as Spark reads them for its own cache.
   */
  public static ProducerPool shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        ProducerCacheConf cache = ProducerCacheConf.current();
        shared =
            new ProducerPool(
                ProducerPool::newKafkaProducer,
                DelegationTokens::forExecutor,
                System::currentTimeMillis,
                cache,
                cache.evictorIntervalMs() > 0 ? newEvictor() : null);
      }
      return shared;
    }
  }

  private static ScheduledExecutorService newEvictor() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "kafka-routed-producer-evictor");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * A private pool whose producers come from {@code factory} (with delegation tokens applied, as
   * in the shared pool) and are kept until the pool is closed: for embedding the writer with
   * producers of one's own (benchmarks use one that sends nowhere).
   */
  public static ProducerPool withFactory(
      Function<Map<String, Object>, Producer<byte[], byte[]>> factory) {
    return new ProducerPool(
        factory,
        DelegationTokens::forExecutor,
        System::currentTimeMillis,
        new ProducerCacheConf(Long.MAX_VALUE, 0),
        null);
  }

  /** Closes the pool of this JVM and every producer in it; the next {@link #shared()} makes a new one. */
  public static void closeShared() {
    synchronized (SHARED_LOCK) {
      if (shared != null) {
        shared.close();
        shared = null;
      }
    }
  }

  /**
   * A producer of byte arrays outside any pool, for one that cannot be shared: a task's
   * transactional producer (exactly-once). The caller closes it.
   */
  public static Producer<byte[], byte[]> newKafkaProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Borrows the producer for {@code config} (plus its login), creating it if needed. */
  public Lease acquire(Map<String, ?> config) {
    // Outside the lock: it reads the user's credentials.
    SortedMap<String, Object> key = new TreeMap<>(authentication.apply(new HashMap<>(config)));
    return acquireKeyed(key);
  }

  private synchronized Lease acquireKeyed(SortedMap<String, Object> key) {
    if (closed) {
      throw new IllegalStateException("The producer pool is closed");
    }
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = new Entry(key, factory.apply(new HashMap<>(key)));
      entries.put(key, entry);
    }
    entry.leases++;
    return new Lease(entry);
  }

  private synchronized void release(Entry entry) {
    entry.leases--;
    if (entry.leases == 0) {
      entry.idleSince = clock.getAsLong();
    }
  }

  /** Closes producers idle for longer than the timeout (strictly longer, as in Spark's cache). */
  void evictIdle() {
    List<Entry> idle = new ArrayList<>();
    synchronized (this) {
      long now = clock.getAsLong();
      entries
          .values()
          .removeIf(
              e -> {
                boolean expired = e.leases == 0 && now - e.idleSince > idleTimeoutMs;
                if (expired) {
                  idle.add(e);
                }
                return expired;
              });
    }
    // Closing flushes and may block: do it outside the lock.
    idle.forEach(ProducerPool::closeQuietly);
  }

  private void evictIdleSafely() {
    try {
      evictIdle();
    } catch (RuntimeException e) {
      LOG.warn("Evicting idle Kafka producers failed; will retry", e);
    }
  }

  long idleTimeoutMs() {
    return idleTimeoutMs;
  }

  synchronized int size() {
    return entries.size();
  }

  @Override
  public void close() {
    List<Entry> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(entries.values());
      entries.clear();
    }
    if (evictor != null) {
      evictor.shutdownNow();
    }
    all.forEach(ProducerPool::closeQuietly);
  }

  private static void closeQuietly(Entry entry) {
    try {
      entry.producer.close();
    } catch (RuntimeException e) {
      // A producer that fails to close has nothing left to deliver that anybody waits for.
      LOG.warn("Closing a pooled Kafka producer failed", e);
    }
  }
}
