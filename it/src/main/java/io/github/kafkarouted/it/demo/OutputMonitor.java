package io.github.kafkarouted.it.demo;

import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the three route topics and the dead-letter topic from this run's start offsets on its own
 * thread, as a downstream consumer would, and keeps what the screen and the summary show: records
 * per topic, dead letters per reason (the {@code kafka-routed.dlq.reason} header), where each event
 * went, duplicates, and end-to-end latency of routed records (output record timestamp minus the
 * {@code ts} the generator put in the event).
 *
 * <p>Records of other runs (keys without this run's prefix) are counted as foreign and ignored.
 *
 * <p>Thread-safe: counters may be read at any time; {@link #actual()} only after {@link #stop()}.
 */
final class OutputMonitor implements AutoCloseable {
  static final int LATENCY_WINDOW_SECONDS = 5;

  private static final byte[] TS_FIELD = "\"ts\":".getBytes(StandardCharsets.UTF_8);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String keyPrefix;
  private final long warmupMillis;
  /** Events created before this are left out of the summary's latency; set by the first output. */
  private volatile long warmupEndMillis = Long.MAX_VALUE;
  private final EventLedger actual;
  private final AtomicLongArray records = new AtomicLongArray(Destination.values().length);
  private final AtomicLong distinctRouted = new AtomicLong();
  private final AtomicLong distinctDead = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong conflicting = new AtomicLong();
  private final AtomicLong foreign = new AtomicLong();
  private final Map<String, Long> deadLettersByReason = new TreeMap<>();
  private final LatencyHistogram afterWarmup = new LatencyHistogram();
  private final LatencyHistogram[] window = new LatencyHistogram[LATENCY_WINDOW_SECONDS];
  private final long[] windowSecond = new long[LATENCY_WINDOW_SECONDS];
  private final Thread thread;
  private volatile boolean running = true;
  private volatile RuntimeException failure;
  private boolean stopped;

  private OutputMonitor(
      Map<String, Object> clientProperties,
      Map<TopicPartition, Long> startOffsets,
      String runId,
      Duration warmup,
      int expectedEvents) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-routed-demo-monitor");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
    this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.keyPrefix = runId + "-";
    this.warmupMillis = warmup.toMillis();
    this.actual = new EventLedger(expectedEvents);
    for (int i = 0; i < window.length; i++) {
      window[i] = new LatencyHistogram();
    }
    List<TopicPartition> partitions = new ArrayList<>();
    startOffsets.forEach(
        (tp, offset) -> {
          if (Destination.ofTopic(tp.topic()) != null) {
            partitions.add(tp);
          }
        });
    consumer.assign(partitions);
    partitions.forEach(tp -> consumer.seek(tp, startOffsets.get(tp)));
    this.thread = new Thread(this::run, "demo-output-monitor");
    this.thread.setDaemon(true);
  }

  /**
   * Starts reading the output topics at {@code startOffsets}. The summary's latency leaves out
   * events created before {@code warmup} after the first routed record arrived: until then the
   * query was starting (a first micro-batch plans, reads the Delta table and compiles code).
   */
  static OutputMonitor start(
      Map<String, Object> clientProperties,
      Map<TopicPartition, Long> startOffsets,
      String runId,
      Duration warmup,
      int expectedEvents) {
    OutputMonitor m = new OutputMonitor(clientProperties, startOffsets, runId, warmup, expectedEvents);
    m.thread.start();
    return m;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          onRecord(record);
        }
      }
    } catch (WakeupException stopping) {
      // stop() woke us up.
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private void onRecord(ConsumerRecord<byte[], byte[]> record) {
    Destination destination = Destination.ofTopic(record.topic());
    long seq = sequenceOf(record.key(), keyPrefix);
    if (destination == null || seq < 0) {
      foreign.incrementAndGet();
      return;
    }
    records.incrementAndGet(destination.ordinal());
    Destination previous = actual.put(seq, destination);
    if (previous == null) {
      (destination.routed() ? distinctRouted : distinctDead).incrementAndGet();
    } else if (previous == destination) {
      duplicates.incrementAndGet();
    } else {
      conflicting.incrementAndGet();
    }
    if (destination == Destination.DEAD_LETTER) {
      Header reason = record.headers().lastHeader(DeadLetterHeaders.REASON);
      String name = reason == null || reason.value() == null
          ? "(no reason header)"
          : new String(reason.value(), StandardCharsets.UTF_8);
      synchronized (this) {
        deadLettersByReason.merge(name, 1L, Long::sum);
      }
    } else {
      long eventTs = eventTimestamp(record.value());
      if (eventTs > 0) {
        recordLatency(record.timestamp() - eventTs, eventTs);
      }
    }
  }

  private synchronized void recordLatency(long millis, long eventTs) {
    long now = System.currentTimeMillis();
    if (warmupEndMillis == Long.MAX_VALUE) {
      warmupEndMillis = now + warmupMillis;
    }
    long second = now / 1000;
    int slot = (int) (second % LATENCY_WINDOW_SECONDS);
    if (windowSecond[slot] != second) {
      window[slot].clear();
      windowSecond[slot] = second;
    }
    window[slot].record(millis);
    if (eventTs >= warmupEndMillis) {
      afterWarmup.record(millis);
    }
  }

  /** The sequence number in a key {@code <prefix><seq>}, or -1 if the key does not look so. */
  static long sequenceOf(byte[] key, String keyPrefix) {
    if (key == null || key.length <= keyPrefix.length()) {
      return -1;
    }
    for (int i = 0; i < keyPrefix.length(); i++) {
      if (key[i] != (byte) keyPrefix.charAt(i)) {
        return -1;
      }
    }
    long seq = 0;
    for (int i = keyPrefix.length(); i < key.length; i++) {
      int digit = key[i] - '0';
      if (digit < 0 || digit > 9 || seq > (Long.MAX_VALUE - 9) / 10) {
        return -1;
      }
      seq = seq * 10 + digit;
    }
    return seq;
  }

  /** The top-level number {@code "ts":<n>} in a JSON value as written by {@code to_json}; -1 if absent. */
  static long eventTimestamp(byte[] value) {
    if (value == null) {
      return -1;
    }
    outer:
    for (int i = 0; i + TS_FIELD.length < value.length; i++) {
      for (int j = 0; j < TS_FIELD.length; j++) {
        if (value[i + j] != TS_FIELD[j]) {
          continue outer;
        }
      }
      long ts = 0;
      int digits = 0;
      for (int k = i + TS_FIELD.length; k < value.length && value[k] >= '0' && value[k] <= '9' && digits < 18; k++) {
        ts = ts * 10 + (value[k] - '0');
        digits++;
      }
      return digits == 0 ? -1 : ts;
    }
    return -1;
  }

  /** Stops reading; idempotent. */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    running = false;
    consumer.wakeup();
    boolean ended;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      ended = !thread.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ended = false;
    }
    if (ended) {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Records read from {@code destination}'s topic, duplicates included. */
  long records(Destination destination) {
    return records.get(destination.ordinal());
  }

  /** Distinct events seen on a route topic. */
  long distinctRouted() {
    return distinctRouted.get();
  }

  /** Distinct events seen on the dead-letter topic. */
  long distinctDeadLetters() {
    return distinctDead.get();
  }

  /** Records of an event already seen on the same topic (at-least-once replays). */
  long duplicates() {
    return duplicates.get();
  }

  /** Records of an event already seen on a different topic. */
  long conflicting() {
    return conflicting.get();
  }

  /** Records on the output topics that are not from this run. */
  long foreign() {
    return foreign.get();
  }

  synchronized Map<String, Long> deadLettersByReason() {
    return new TreeMap<>(deadLettersByReason);
  }

  /** Latencies of routed records read in the last {@link #LATENCY_WINDOW_SECONDS} seconds. */
  synchronized LatencyHistogram recentLatency() {
    long now = System.currentTimeMillis() / 1000;
    LatencyHistogram sum = new LatencyHistogram();
    for (int i = 0; i < window.length; i++) {
      if (windowSecond[i] > now - LATENCY_WINDOW_SECONDS) {
        sum.add(window[i]);
      }
    }
    return sum;
  }

  /** Latencies of routed records created after the warm-up. */
  synchronized LatencyHistogram latencyAfterWarmup() {
    return afterWarmup.copy();
  }

  /** The error that stopped the consumer, if any. */
  RuntimeException failure() {
    return failure;
  }

  /** Where each event went; read only after {@link #stop()}. */
  EventLedger actual() {
    if (!stopped) {
      throw new IllegalStateException("stop() the monitor before reading its ledger");
    }
    return actual;
  }
}
