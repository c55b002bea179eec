package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Where and how a task writes dead letters: resolved on the driver, shipped with the {@link
 * WriterSpec}. The producer settings may hold secrets and are never printed.
 *
 * @param topic the DLQ topic, or null when dead letters only go to Delta
 * @param deltaLocation the Delta dead-letter table's location, or null
 * @param deltaOption the option that named the Delta table, for error messages, or null
 * @param hadoopConf the driver's Hadoop configuration for the staging files, or null without Delta
 */
public record DeadLetterSpec(
    String topic,
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

  @Override
  public String toString() {
    return "DeadLetterSpec[topic=" + topic + ", headers=" + headerStyle + ", format=" + format
        + (deltaLocation == null ? "" : ", delta=" + deltaLocation) + "]";
  }
}
