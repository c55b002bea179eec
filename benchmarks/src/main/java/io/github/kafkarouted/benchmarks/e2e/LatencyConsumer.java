package io.github.kafkarouted.benchmarks.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a cell's output topics from the beginning on its own thread, as a downstream consumer
 * would, and measures each record's end-to-end latency: its Kafka timestamp on the output topic
 * (LogAppendTime: set by the broker when it appended the record) minus the input record's send
 * stamp ({@code sent_ms} in the value). Only records sent inside the measurement window count
 * toward the histogram; records of the dead-letter topic are counted, never measured.
 *
 * <p>Thread-safe for the counters; {@link #histogram()} only after {@link #close()}.
 */
final class LatencyConsumer implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Set<String> measuredTopics;
  private final long measureFromMillis;
  private final long measureToMillis;
  private final LatencyHistogram histogram = new LatencyHistogram();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long records;
  private volatile long deadLetters;
  private volatile long measured;
  private volatile long appendedInWindow;
  private volatile long notLogAppendTime;
  private volatile long lastArrivalNanos = System.nanoTime();
  private volatile RuntimeException failure;

  /**
   * @param measuredTopics topics whose records are measured
   * @param countedTopics further topics (the DLQ) whose records are only counted
   * @param measureFromMillis first send stamp measured (the end of the warm-up)
   * @param measureToMillis first send stamp no longer measured
   */
  LatencyConsumer(
      Map<String, Object> clientProperties,
      Collection<String> measuredTopics,
      Collection<String> countedTopics,
      long measureFromMillis,
      long measureToMillis) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "e2e-latency-consumer");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, OffsetResetStrategy.EARLIEST.toString());
    // What a consumer of an exactly-once sink must set; the same as read_uncommitted for the others.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.measuredTopics = Set.copyOf(measuredTopics);
    this.measureFromMillis = measureFromMillis;
    this.measureToMillis = measureToMillis;
    List<TopicPartition> partitions = new ArrayList<>();
    List<String> all = new ArrayList<>(measuredTopics);
    all.addAll(countedTopics);
    for (String topic : all) {
      for (PartitionInfo p : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::run, "e2e-latency-consumer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          onRecord(record);
        }
      }
    } catch (WakeupException stopping) {
      // close() woke us up.
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private void onRecord(ConsumerRecord<byte[], byte[]> record) {
    lastArrivalNanos = System.nanoTime();
    records++;
    if (!measuredTopics.contains(record.topic())) {
      deadLetters++;
      return;
    }
    if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
      notLogAppendTime++;
    }
    if (record.timestamp() >= measureFromMillis && record.timestamp() < measureToMillis) {
      appendedInWindow++;
    }
    long sent = StampedEvents.sentMillis(record.value());
    if (sent >= measureFromMillis && sent < measureToMillis) {
      histogram.record(record.timestamp() - sent);
      measured++;
    }
  }

  /** Records read, dead letters included. */
  long records() {
    return records;
  }

  long deadLetters() {
    return deadLetters;
  }

  /** Records of the measured topics sent inside the window (duplicates, if any, included). */
  long measured() {
    return measured;
  }

  /** Records of the measured topics appended inside the window: the achieved output rate's count. */
  long appendedInWindow() {
    return appendedInWindow;
  }

  /** Measured records whose timestamp type was not LogAppendTime (a misconfigured topic). */
  long notLogAppendTime() {
    return notLogAppendTime;
  }

  /**
   * Time since the last record arrived; zero before the first one, so that a query slow to start
   * (a loaded machine, a Real-Time Mode batch still starting) is waited for up to the drain limit
   * rather than taken for a finished one.
   */
  Duration quietFor() {
    return records == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - lastArrivalNanos);
  }

  RuntimeException failure() {
    return failure;
  }

  /** The latencies measured; call after {@link #close()}. */
  LatencyHistogram histogram() {
    if (thread.isAlive()) {
      throw new IllegalStateException("close() the consumer before reading its histogram");
    }
    return histogram;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
