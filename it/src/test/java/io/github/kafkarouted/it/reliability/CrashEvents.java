package io.github.kafkarouted.it.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The input of the crash tests: events {@code 0..count-1} with unique ids, written at a steady
 * rate on a background thread while drivers are killed, each to partition {@code id % partitions}.
 * Remembers the offset of each acknowledged event, to check later that every duplicate lies in a
 * window of records in flight at a kill. Each event's destination is a function of its id: a
 * route topic, or a dead letter (invalid, or matching no route). Thread-safe.
 */
final class CrashEvents {

  /** Where an event must end up. */
  enum Destination {
    URGENT,
    ERRORS,
    STANDARD,
    DLQ_SCHEMA_INVALID,
    DLQ_NO_ROUTE
  }

  private final Map<String, Object> producerConfig;
  private final String topic;
  private final int count;
  private final int partitions;
  private final int perSecond;
  private final AtomicLongArray offsets;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private Thread thread;

  CrashEvents(Map<String, Object> clientProperties, String topic, int count, int partitions, int perSecond) {
    this.producerConfig = new HashMap<>(clientProperties);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.topic = topic;
    this.count = count;
    this.partitions = partitions;
    this.perSecond = perSecond;
    this.offsets = new AtomicLongArray(count);
    for (int i = 0; i < count; i++) {
      offsets.set(i, -1);
    }
  }

  static String id(int n) {
    return String.format("ev-%07d", n);
  }

  /** The id in a record key, or -1 if it is not one of ours. */
  static int number(String key) {
    return key != null && key.startsWith("ev-") ? Integer.parseInt(key.substring(3)) : -1;
  }

  static Destination destination(int n) {
    if (n % 41 == 0 || n % 43 == 0) {
      return Destination.DLQ_SCHEMA_INVALID;
    }
    if (n % 47 == 0) {
      return Destination.DLQ_NO_ROUTE;
    }
    if (n % 5 == 0) {
      return Destination.URGENT;
    }
    return n % 4 == 0 ? Destination.ERRORS : Destination.STANDARD;
  }

  static String value(int n) {
    if (n % 41 == 0) {
      return "{\"id\":\"" + id(n) + "\",\"priority\":\"lo"; // truncated JSON
    }
    if (n % 43 == 0) {
      return "{\"id\":\"" + id(n) + "\",\"priority\":\"low\",\"event_type\":\"view\"}"; // no ts
    }
    String type =
        n % 47 == 0 ? "other" : n % 4 == 0 ? "error" : new String[] {"click", "view", "purchase"}[n % 3];
    String priority = n % 5 == 0 && n % 47 != 0 ? "high" : "low";
    return "{\"id\":\"" + id(n) + "\",\"priority\":\"" + priority + "\",\"event_type\":\"" + type
        + "\",\"ts\":" + (1_764_000_000_000L + n) + "}";
  }

  int count() {
    return count;
  }

  /** Starts writing on a background thread. */
  void start() {
    thread = new Thread(this::produceAll, "crash-events-producer");
    thread.setDaemon(true);
    thread.start();
  }

  private void produceAll() {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
      long started = System.nanoTime();
      for (int n = 0; n < count; n++) {
        if (n % 100 == 0) {
          long due = started + TimeUnit.SECONDS.toNanos(n) / perSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        int id = n;
        producer.send(
            new ProducerRecord<>(topic, n % partitions, bytes(id(n)), bytes(value(n))),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              } else {
                offsets.set(id, metadata.offset());
              }
            });
      }
      producer.flush();
    } catch (Exception e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Waits until every event is acknowledged; throws if any failed. */
  void awaitAcknowledged(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    if (thread.isAlive()) {
      throw new AssertionError("The input was not written within " + timeout);
    }
    if (failure.get() != null) {
      throw new AssertionError("Writing the input failed", failure.get());
    }
  }

  boolean done() {
    return thread != null && !thread.isAlive();
  }

  int partition(int n) {
    return n % partitions;
  }

  /** Offset of event {@code n} in its partition. */
  long offset(int n) {
    return offsets.get(n);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
