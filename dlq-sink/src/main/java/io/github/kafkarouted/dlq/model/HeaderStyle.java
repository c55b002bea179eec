package io.github.kafkarouted.dlq.model;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which ecosystem's header names carry the error context of a dead letter written with {@link
 * DeadLetterFormat#HEADERS} (option {@value #OPTION}). Users pick the style their existing DLQ tooling
 * already reads. Whatever the style, kafka-routed's own reason, target topics, query id, batch id,
 * time, schema version and replay count are written under {@link DeadLetterHeaders#PREFIX}, so no
 * context is lost. With {@link DeadLetterFormat#JSON} the style has no effect.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum HeaderStyle {
  /** kafka-routed's own {@code kafka-routed.dlq.*} headers, all values UTF-8 strings. */
  NATIVE,
  /** Kafka Connect's {@code __connect.errors.*} headers, all values UTF-8 strings. */
  CONNECT,
  /** Kafka Streams KIP-1034 {@code __streams.errors.*} headers, all values UTF-8 strings. */
  STREAMS,
  /**
   * Spring Kafka's {@code kafka_dlt-*} headers: strings, except the original partition (4-byte
   * big-endian int), offset and timestamp (8-byte big-endian longs).
   */
  SPRING;

  /** The sink option that selects the style. */
  public static final String OPTION = "dlq.headers";

  /** The default option value. */
  public static final HeaderStyle DEFAULT = NATIVE;

  /** The lower-case option value of this style, e.g. {@code "connect"}. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an option value ({@code native|connect|streams|spring}, case-insensitive, surrounding
   * blanks ignored).
   *
   * @throws ConfigException naming option {@value #OPTION} and the bad value
   */
  public static HeaderStyle fromOption(String value) {
    if (value != null) {
      String normalized = value.trim().toUpperCase(Locale.ROOT);
      for (HeaderStyle style : values()) {
        if (style.name().equals(normalized)) {
          return style;
        }
      }
    }
    throw new ConfigException(OPTION, value, "must be one of native, connect, streams, spring");
  }
}
