package io.github.kafkarouted.benchmarks.e2e;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three sinks the harness compares, each fed the same input. Immutable. */
public enum E2eSink {
  /** Spark's stock {@code format("kafka")}: a plain copy of key and value to one topic. */
  STOCK("kafka"),
  /** {@code format("kafka-routed")} with 3 routes, a default topic, strict validation and a DLQ. */
  ROUTED("kafka-routed"),
  /** The same routes and options through {@code KafkaRouted.foreachWriter} ({@code writeStream().foreach}). */
  ROUTED_FOREACH("kafka-routed-foreach");

  private final String label;

  E2eSink(String label) {
    this.label = label;
  }

  /** The name in reports and on the command line. */
  public String label() {
    return label;
  }

  /** Whether the sink routes and validates (and so writes dead letters for invalid input). */
  public boolean routed() {
    return this != STOCK;
  }

  public static E2eSink parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (E2eSink s : values()) {
      if (s.label.equals(v) || s.name().equalsIgnoreCase(v)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "sink must be one of "
            + Arrays.stream(values()).map(E2eSink::label).collect(Collectors.joining(", "))
            + "; got '" + value + "'");
  }
}
