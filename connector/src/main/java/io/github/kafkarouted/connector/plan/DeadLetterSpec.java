package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.dlq.DeadLetterEncoder;
import io.github.kafkarouted.dlq.DeadLetterFormat;
import io.github.kafkarouted.dlq.HeaderStyle;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where and how a task writes dead letters: resolved on the driver, shipped with the {@link
 * WriterSpec}. The producer settings may hold secrets and are never printed.
 */
public record DeadLetterSpec(
    String topic,
    HeaderStyle headerStyle,
    DeadLetterFormat format,
    boolean includeStacktrace,
    TreeMap<String, String> producerSettings,
    int maxRequestSize)
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

  @Override
  public String toString() {
    return "DeadLetterSpec[topic=" + topic + ", headers=" + headerStyle + ", format=" + format + "]";
  }
}
