package io.github.kafkarouted.benchmarks.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends {@link StampedEvents} to the input topic at a fixed rate on its own thread, round-robin over
 * the partitions: record {@code n} is due {@code n / rate} seconds after the start (a late send is
 * followed by a short burst, not a lower rate). Each record is stamped just before the send: the
 * value's {@code sent_ms} and the record's Kafka timestamp (CreateTime) are the same wall-clock
 * millisecond. {@code linger.ms=0}, {@code acks=all}.
 *
 * <p>Thread-safe: counters may be read at any time.
 */
final class RateProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final int partitions;
  private final int ratePerSecond;
  private final long durationNanos;
  private final long windowFromOffsetMillis;
  private final long windowToOffsetMillis;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong sentInWindow = new AtomicLong();
  private final AtomicLong sentInWindowValid = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long startMillis;

  /**
   * @param window records stamped in [start + window's from, start + window's to) are counted by
   *     {@link #sentInWindow()}: the measured window, as offsets from {@link #start()}
   */
  RateProducer(
      Map<String, Object> clientProperties,
      String topic,
      int partitions,
      int ratePerSecond,
      Duration duration,
      Duration windowFrom,
      Duration windowTo) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "e2e-rate-producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.partitions = partitions;
    this.ratePerSecond = ratePerSecond;
    this.durationNanos = duration.toNanos();
    this.windowFromOffsetMillis = windowFrom.toMillis();
    this.windowToOffsetMillis = windowTo.toMillis();
    this.thread = new Thread(this::run, "e2e-rate-producer");
    this.thread.setDaemon(true);
  }

  /** Starts sending; returns the wall-clock start in milliseconds. */
  long start() {
    startMillis = System.currentTimeMillis();
    thread.start();
    return startMillis;
  }

  private void run() {
    long start = System.nanoTime();
    double nanosPerRecord = 1e9 / ratePerSecond;
    for (long seq = 0; running; seq++) {
      long due = start + (long) (seq * nanosPerRecord);
      if (due - start >= durationNanos) {
        break;
      }
      for (long wait = due - System.nanoTime(); wait > 0 && running; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      long now = System.currentTimeMillis();
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              topic,
              (int) (seq % partitions),
              now,
              Long.toString(seq).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              StampedEvents.value(seq, now));
      try {
        producer.send(
            record,
            (metadata, error) -> {
              if (error == null) {
                acked.incrementAndGet();
              } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, error);
              }
            });
        sent.incrementAndGet();
        if (now >= startMillis + windowFromOffsetMillis && now < startMillis + windowToOffsetMillis) {
          sentInWindow.incrementAndGet();
          if (!StampedEvents.invalid(seq)) {
            sentInWindowValid.incrementAndGet();
          }
        }
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, e);
        return;
      }
    }
  }

  /** Waits until the configured duration has passed and every send is acknowledged or failed. */
  void awaitDone(Duration extra) throws InterruptedException {
    thread.join(TimeUnit.NANOSECONDS.toMillis(durationNanos) + extra.toMillis());
    producer.flush();
  }

  long sent() {
    return sent.get();
  }

  /** Records stamped inside the measured window. */
  long sentInWindow() {
    return sentInWindow.get();
  }

  /** Records stamped inside the measured window that the routed sinks accept. */
  long sentInWindowValid() {
    return sentInWindowValid.get();
  }

  long acked() {
    return acked.get();
  }

  long failed() {
    return failed.get();
  }

  Exception firstError() {
    return firstError.get();
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
