package io.github.kafkarouted.benchmarks.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The sinks the harness compares, each fed the same input. Immutable. */
public enum E2eSink {
  /** Spark's stock {@code format("kafka")}: a plain copy of key and value to one topic. */
  STOCK("kafka"),
  /**
   * The stock sink routing by hand, as users do without kafka-routed: the same {@code
   * get_json_object} as the routed sinks, a {@code topic} column {@code CASE kind ...} over the
   * same 4 topics; no validation, no DLQ. Saturation runs only: the baseline with the same
   * upstream work as the routed sinks.
   */
  STOCK_TOPIC_COLUMN("kafka-topic-column"),
  /** {@code format("kafka-routed")} with 3 routes, a default topic, strict validation and a DLQ. */
  ROUTED("kafka-routed"),
  /** The same routes and options through {@code KafkaRouted.foreachWriter} ({@code writeStream().foreach}). */
  ROUTED_FOREACH("kafka-routed-foreach"),
  /**
   * {@code format("kafka-routed")} with the same routes written on the decoded value ({@code
   * data.kind = 'order'}, ...): no {@code get_json_object} in the query, the value parsed once by
   * the sink's strict validation; DLQ on.
   */
  ROUTED_VALUE("kafka-routed-value"),
  /**
   * {@code format("kafka-routed")} as {@link #ROUTED} with {@code delivery.guarantee=exactly-once}:
   * one Kafka transaction per task, read with {@code read_committed}. Micro-batch triggers only
   * (its Real-Time Mode and continuous cells fail at the first batch, by design); saturation runs
   * and cells chosen with {@code --cells}.
   */
  ROUTED_EXACTLY_ONCE("kafka-routed-exactly-once");

  private final String label;

  E2eSink(String label) {
    this.label = label;
  }

  /** The name in reports and on the command line. */
  public String label() {
    return label;
  }

  /**
   * The sinks of the full latency matrix. {@link #ROUTED_VALUE} runs in every saturation run and in
   * latency cells chosen with {@code --cells} (a fourth matrix row would take the full run past 20
   * minutes).
   */
  public static final List<E2eSink> MATRIX = List.of(STOCK, ROUTED, ROUTED_FOREACH);

  /** The kafka-routed sinks, in report order. */
  public static final List<E2eSink> ROUTED_SINKS = List.of(ROUTED, ROUTED_FOREACH, ROUTED_VALUE, ROUTED_EXACTLY_ONCE);

  /** Whether the sink is kafka-routed (validates, and writes dead letters for invalid input). */
  public boolean routed() {
    return ROUTED_SINKS.contains(this);
  }

  /** Whether the sink writes the 4 topics of the routes (orders, payments, refunds, other). */
  public boolean routesByKind() {
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
