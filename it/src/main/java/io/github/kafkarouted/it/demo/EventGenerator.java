package io.github.kafkarouted.it.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces the demo's events to {@link DemoTopics#SOURCE} at a steady rate on its own thread: event
 * {@code n} is due {@code n / rate} seconds after the start, so a late send is followed by a short
 * burst, not a lower rate. Counts what the broker acknowledged, per {@link EventKind}, and records
 * each event's expected {@link Destination}.
 *
 * <p>Thread-safe: counters may be read at any time; {@link #expected()} only after {@link #stop()}.
 */
final class EventGenerator implements AutoCloseable {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<byte[], byte[]> producer;
  private final EventFactory factory;
  private final int ratePerSecond;
  private final EventLedger expected;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLongArray ackedByKind = new AtomicLongArray(EventKind.values().length);
  private final Set<Long> failed = ConcurrentHashMap.newKeySet();
  private final AtomicLong sent = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile RuntimeException sendFailure;
  private boolean stopped;

  private EventGenerator(
      Map<String, Object> clientProperties, EventFactory factory, int ratePerSecond, int expectedEvents) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "kafka-routed-demo-generator");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // Oversize events must reach the source topic; only the sink is meant to refuse them.
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.factory = factory;
    this.ratePerSecond = ratePerSecond;
    this.expected = new EventLedger(expectedEvents);
    this.thread = new Thread(this::run, "demo-event-generator");
    this.thread.setDaemon(true);
  }

  /** Starts producing; {@code expectedEvents} only sizes the ledger. */
  static EventGenerator start(
      Map<String, Object> clientProperties,
      String runId,
      boolean badRecords,
      int ratePerSecond,
      int expectedEvents) {
    EventGenerator g =
        new EventGenerator(
            clientProperties, new EventFactory(runId, badRecords, 42L), ratePerSecond, expectedEvents);
    g.thread.start();
    return g;
  }

  private void run() {
    long start = System.nanoTime();
    double nanosPerEvent = 1e9 / ratePerSecond;
    for (long seq = 0; running; seq++) {
      long due = start + (long) (seq * nanosPerEvent);
      for (long wait = due - System.nanoTime(); wait > 0 && running; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      if (!running) {
        break;
      }
      EventFactory.Event event = factory.next(seq, System.currentTimeMillis());
      expected.put(seq, event.expected());
      long s = seq;
      EventKind kind = event.kind();
      try {
        producer.send(
            new ProducerRecord<>(DemoTopics.SOURCE, event.key(), event.value()),
            (metadata, error) -> {
              if (error == null) {
                acked.incrementAndGet();
                ackedByKind.incrementAndGet(kind.ordinal());
              } else {
                failed.add(s);
              }
            });
        sent.incrementAndGet();
      } catch (RuntimeException e) {
        failed.add(s);
        sendFailure = e;
        running = false;
      }
    }
  }

  /** Stops producing and waits until every sent event is acknowledged or failed. Idempotent. */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(CLOSE_TIMEOUT);
  }

  @Override
  public void close() {
    stop();
  }

  /** Events the broker acknowledged: the demo's input. */
  long acked() {
    return acked.get();
  }

  long acked(EventKind kind) {
    return ackedByKind.get(kind.ordinal());
  }

  /** Events handed to the producer. */
  long sent() {
    return sent.get();
  }

  /** Events the producer could not deliver (not part of the input). */
  int failedCount() {
    return failed.size();
  }

  /** Whether event {@code seq} failed to reach the broker. */
  boolean failed(long seq) {
    return failed.contains(seq);
  }

  /** The error that stopped the generator early, if any. */
  RuntimeException sendFailure() {
    return sendFailure;
  }

  /** Where each event must end up; read only after {@link #stop()}. */
  EventLedger expected() {
    if (!stopped) {
      throw new IllegalStateException("stop() the generator before reading its ledger");
    }
    return expected;
  }
}
