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
          now::get,
          60_000,
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
    now.addAndGet(59_999);
    pool.evictIdle();
    assertEquals(1, pool.size(), "idle less than the timeout: kept");
    now.addAndGet(1);
    pool.evictIdle();
    assertEquals(0, pool.size());
    assertTrue(created.get(0).closed());
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
