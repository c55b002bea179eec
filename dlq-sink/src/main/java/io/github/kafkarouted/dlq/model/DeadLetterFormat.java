package io.github.kafkarouted.dlq.model;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a dead letter is laid out in its Kafka record (option {@value #OPTION}).
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum DeadLetterFormat {
  /**
   * The default: the original key, value, headers and timestamp unchanged, the error context added as
   * headers named after the chosen {@link HeaderStyle}. Tools of that ecosystem can read and redrive
   * it as is.
   */
  HEADERS,
  /**
   * The value is one JSON object holding the original key, value and headers (each as a UTF-8 string
   * when valid UTF-8, else base64) and every context field; field names are in {@code
   * codec.DeadLetterJsonFields}. The record key stays the original key. For humans and tools that cannot
   * read headers.
   */
  JSON;

  /** The sink option that selects the format. */
  public static final String OPTION = "dlq.format";

  /** The default option value. */
  public static final DeadLetterFormat DEFAULT = HEADERS;

  /** The lower-case option value of this format, e.g. {@code "json"}. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an option value ({@code headers|json}, case-insensitive, surrounding blanks ignored).
   *
   * @throws ConfigException naming option {@value #OPTION} and the bad value
   */
  public static DeadLetterFormat fromOption(String value) {
    if (value != null) {
      String normalized = value.trim().toUpperCase(Locale.ROOT);
      for (DeadLetterFormat format : values()) {
        if (format.name().equals(normalized)) {
          return format;
        }
      }
    }
    throw new ConfigException(OPTION, value, "must be one of headers, json");
  }
}
