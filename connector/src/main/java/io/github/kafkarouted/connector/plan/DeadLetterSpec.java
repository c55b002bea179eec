package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import io.github.kafkarouted.dlq.delta.DeadLetterStaging;
import io.github.kafkarouted.dlq.delta.StagingDeadLetterWriter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.writer.DeadLetterWriter;
import io.github.kafkarouted.dlq.writer.FanOutDeadLetterWriter;
import io.github.kafkarouted.dlq.writer.KafkaDeadLetterWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Where and how a task writes dead letters: resolved on the driver, shipped with the {@link
 * WriterSpec}. The producer settings may hold secrets and are never printed.
 *
 * @param topic the DLQ topic ({@code dlq.topic}), or null when dead letters only go to Delta
 * @param topicsByReason the DLQ topics of some reasons ({@code dlq.topic.<REASON>}; the others go to
 *     {@code topic}); empty without
 * @param deltaLocation the Delta dead-letter table's location, or null
 * @param deltaOption the option that named the Delta table, for error messages, or null
 * @param hadoopConf the driver's Hadoop configuration for the staging files, or null without Delta
 */
public record DeadLetterSpec(
    String topic,
    EnumMap<DeadLetterReason, String> topicsByReason,
    HeaderStyle headerStyle,
    DeadLetterFormat format,
    boolean includeStacktrace,
    TreeMap<String, String> producerSettings,
    int maxRequestSize,
    String deltaLocation,
    String deltaOption,
    SerializableConfiguration hadoopConf)
    implements Serializable {

  public DeadLetterSpec {
    producerSettings = new TreeMap<>(producerSettings);
    topicsByReason = new EnumMap<>(topicsByReason);
  }

  public Map<String, String> producerSettingsView() {
    return java.util.Collections.unmodifiableMap(producerSettings);
  }

  public DeadLetterEncoder encoder() {
    return new DeadLetterEncoder(headerStyle, format, includeStacktrace, maxRequestSize);
  }

  /** Whether dead letters are staged for a Delta table. */
  public boolean toDelta() {
    return deltaLocation != null;
  }

  /**
   * The dead-letter writers of one task: to the DLQ topic of each dead letter's reason through
   * {@code producer} (leased by the caller; null without a topic), and to the Delta staging file of
   * the task's batch.
   *
   * @param stagingKey the key of the write's staging directory: the streaming query's id, or a
   *     per-job id for a batch write
   */
  public OpenedWriters open(
      Producer<byte[], byte[]> producer, String stagingKey, long epochId, int partitionId, long attemptId) {
    List<DeadLetterWriter> writers = new ArrayList<>(2);
    if (topic != null) {
      writers.add(new KafkaDeadLetterWriter(producer, topic, topicsByReason, encoder()));
    }
    StagingDeadLetterWriter staging = null;
    if (toDelta()) {
      staging =
          new StagingDeadLetterWriter(
              DeadLetterStaging.batchDirectory(deltaLocation, stagingKey, epochId),
              DeadLetterStaging.fileName(partitionId, attemptId),
              hadoopConf.value());
      writers.add(staging);
    }
    return new OpenedWriters(writers.size() == 1 ? writers.get(0) : new FanOutDeadLetterWriter(writers), staging);
  }

  /** The writer a task sends its dead letters to, and the Delta staging part of it (or null). */
  public record OpenedWriters(DeadLetterWriter writer, StagingDeadLetterWriter staging) {}

  @Override
  public String toString() {
    return "DeadLetterSpec[topic=" + topic
        + (topicsByReason.isEmpty() ? "" : ", by reason=" + topicsByReason)
        + ", headers=" + headerStyle + ", format=" + format
        + (deltaLocation == null ? "" : ", delta=" + deltaLocation) + "]";
  }
}
