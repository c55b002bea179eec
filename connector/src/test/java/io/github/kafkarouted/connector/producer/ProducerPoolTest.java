package io.github.kafkarouted.connector.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The pool with a fake clock and no evictor thread: eviction runs when the test says. */
class ProducerPoolTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final List<MockProducer<byte[], byte[]>> created = new ArrayList<>();
  private final ProducerPool pool =
      new ProducerPool(
          config -> {
            MockProducer<byte[], byte[]> p =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            created.add(p);
            return p;
          },
          config -> config,
          now::get,
          new ProducerCacheConf(60_000, 0),
          null);

  @Test
  void sameConfigSharesOneProducer() {
    try (ProducerPool.Lease a = pool.acquire(Map.of("bootstrap.servers", "a:1", "acks", "all"));
        ProducerPool.Lease b = pool.acquire(Map.of("acks", "all", "bootstrap.servers", "a:1"));
        ProducerPool.Lease c = pool.acquire(Map.of("bootstrap.servers", "b:1"))) {
      assertSame(a.producer(), b.producer());
      assertNotSame(a.producer(), c.producer());
      assertEquals(2, created.size());
    }
  }

  @Test
  void idleProducerIsClosedOnlyAfterTheTimeoutAndOnlyWhenUnused() {
    ProducerPool.Lease a = pool.acquire(Map.of("bootstrap.servers", "a:1"));
    now.addAndGet(120_000);
    pool.evictIdle();
    assertEquals(1, pool.size(), "in use: kept");
    a.close();
    a.close(); // second release is a no-op
    now.addAndGet(60_000);
    pool.evictIdle();
    assertEquals(1, pool.size(), "idle exactly the timeout: kept (Spark evicts only past it)");
    now.addAndGet(1);
    pool.evictIdle();
    assertEquals(0, pool.size());
    assertTrue(created.get(0).closed());
  }

  @Test
  void theEvictorRunsAtTheConfiguredIntervalAndNotAtAllWhenItIsNotPositive() {
    RecordingScheduler scheduler = new RecordingScheduler();
    new ProducerPool(config -> null, config -> config, now::get, new ProducerCacheConf(60_000, 2_500), scheduler);
    assertEquals(List.of("0/2500 MILLISECONDS"), scheduler.scheduled);

    RecordingScheduler none = new RecordingScheduler();
    new ProducerPool(config -> null, config -> config, now::get, new ProducerCacheConf(60_000, 0), none);
    new ProducerPool(config -> null, config -> config, now::get, new ProducerCacheConf(60_000, -1), none);
    assertEquals(List.of(), none.scheduled);
    scheduler.shutdownNow();
    none.shutdownNow();
  }

  /** Records what is scheduled at a fixed rate and runs nothing. */
  private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
    final List<String> scheduled = new ArrayList<>();

    RecordingScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable task, long initialDelay, long period, TimeUnit unit) {
      scheduled.add(initialDelay + "/" + period + " " + unit);
      return null;
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable task, long initialDelay, long delay, TimeUnit unit) {
      scheduled.add("with fixed delay " + initialDelay + "/" + delay + " " + unit);
      return null;
    }
  }

  @Test
  void closeClosesEveryProducerAndRefusesNewLeases() {
    pool.acquire(Map.of("bootstrap.servers", "a:1"));
    pool.close();
    assertTrue(created.get(0).closed());
    assertThrows(IllegalStateException.class, () -> pool.acquire(Map.of("bootstrap.servers", "a:1")));
    assertFalse(created.isEmpty());
  }
}
