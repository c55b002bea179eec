package io.github.kafkarouted.dlq.codec;

import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.DecodedDeadLetter;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a record of a DLQ topic written by {@link DeadLetterEncoder} (any style, either format)
 * back into a {@link DeadLetter} whose headers are the original ones, for replay and for reading a
 * DLQ as a table. The format and style are taken from the record's own headers, so no configuration
 * is needed.
 *
 * <p>What does not come back exactly: error messages and stack traces as capped by the encoder; a
 * stack trace not written; a truncated value (see {@link DecodedDeadLetter#truncation()}); and, in
 * the headers format, a null original timestamp (the producer stamped the dead letter, so the DLQ
 * record's create time comes back) or a log-append-time DLQ topic (gives null). The JSON format keeps
 * the timestamp exactly; the Spring style keeps it in its own header.
 *
 * <p>Stateless and thread-safe.
 */
public final class DeadLetterDecoder {

  /**
   * Decodes one DLQ record.
   *
   * @throws IllegalArgumentException if the record is not a kafka-routed dead letter, was written by
   *     a newer schema version, or a header is malformed; the message names the record
   */
  public DecodedDeadLetter decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      return decodeOrThrow(record);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "cannot decode dead letter " + record.topic() + "-" + record.partition() + "@" + record.offset()
              + ": " + e.getMessage(),
          e);
    }
  }

  private static DecodedDeadLetter decodeOrThrow(ConsumerRecord<byte[], byte[]> record) {
    ContextHeaders.Split split = ContextHeaders.split(record.headers());
    int schemaVersion = schemaVersion(split);
    DeadLetterFormat format = enumHeader(DeadLetterFormat.class, split, DeadLetterHeaders.FORMAT);
    DeadLetterReason reason = reason(split.required(DeadLetterHeaders.REASON));
    DeadLetter.Builder builder;
    HeaderStyle style = null;
    if (format == DeadLetterFormat.JSON) {
      if (record.value() == null) {
        throw new IllegalArgumentException("JSON dead letter has a null value");
      }
      builder = JsonEnvelope.decode(record.value());
    } else {
      style = enumHeader(HeaderStyle.class, split, DeadLetterHeaders.STYLE);
      builder = DeadLetter.builder().key(record.key()).value(record.value()).headers(split.originals());
      ContextHeaders.readContext(style, split, record.timestamp(), record.timestampType(), builder);
    }
    return new DecodedDeadLetter(
        builder.reason(reason).build(),
        format,
        style,
        ContextHeaders.readTruncation(split),
        schemaVersion,
        record.topic(),
        record.partition(),
        record.offset());
  }

  private static int schemaVersion(ContextHeaders.Split split) {
    long version = ByteCodec.parseDecimal(
        DeadLetterHeaders.SCHEMA_VERSION, ByteCodec.utf8(split.required(DeadLetterHeaders.SCHEMA_VERSION)));
    if (version < 1 || version > DeadLetterHeaders.CURRENT_SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "schema version " + version + " is not supported (this reader knows 1 to "
              + DeadLetterHeaders.CURRENT_SCHEMA_VERSION + "); upgrade kafka-routed");
    }
    return (int) version;
  }

  /** Parses a lower-case enum option value written in a header (a ConfigException would blame an option). */
  private static <E extends Enum<E>> E enumHeader(Class<E> type, ContextHeaders.Split split, String header) {
    String value = split.required(header);
    try {
      return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("header " + header + " has unknown value '" + value + "'", e);
    }
  }

  private static DeadLetterReason reason(String name) {
    try {
      return DeadLetterReason.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown dead-letter reason '" + name + "'", e);
    }
  }
}
