package io.github.kafkarouted.dlq.codec;

import static io.github.kafkarouted.dlq.codec.ByteCodec.string;
import static io.github.kafkarouted.dlq.codec.ByteCodec.utf8;

import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.model.ValueTruncation;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;

/**
 * Writes and reads the context-header block of a dead letter. The block is appended after the
 * original headers and always starts with {@link DeadLetterHeaders#FORMAT}, so a reader splits a
 * record's headers exactly at the last {@code FORMAT} header: everything before it is original, even
 * when the original headers reuse our names (a record read from another DLQ). Stateless.
 */
final class ContextHeaders {

  /** The header names one style uses for the fields every ecosystem has. */
  private record StyleNames(
      String errorClass,
      String errorMessage,
      String stackTrace,
      String sourceTopic,
      String sourcePartition,
      String sourceOffset,
      boolean binaryNumbers) {}

  private static final StyleNames NATIVE =
      new StyleNames(
          DeadLetterHeaders.ERROR_CLASS,
          DeadLetterHeaders.ERROR_MESSAGE,
          DeadLetterHeaders.ERROR_STACKTRACE,
          DeadLetterHeaders.SOURCE_TOPIC,
          DeadLetterHeaders.SOURCE_PARTITION,
          DeadLetterHeaders.SOURCE_OFFSET,
          false);
  private static final StyleNames CONNECT =
      new StyleNames(
          DeadLetterHeaders.Connect.EXCEPTION_CLASS_NAME,
          DeadLetterHeaders.Connect.EXCEPTION_MESSAGE,
          DeadLetterHeaders.Connect.EXCEPTION_STACKTRACE,
          DeadLetterHeaders.Connect.TOPIC,
          DeadLetterHeaders.Connect.PARTITION,
          DeadLetterHeaders.Connect.OFFSET,
          false);
  private static final StyleNames STREAMS =
      new StyleNames(
          DeadLetterHeaders.Streams.EXCEPTION,
          DeadLetterHeaders.Streams.MESSAGE,
          DeadLetterHeaders.Streams.STACKTRACE,
          DeadLetterHeaders.Streams.TOPIC,
          DeadLetterHeaders.Streams.PARTITION,
          DeadLetterHeaders.Streams.OFFSET,
          false);
  private static final StyleNames SPRING =
      new StyleNames(
          DeadLetterHeaders.Spring.EXCEPTION_FQCN,
          DeadLetterHeaders.Spring.EXCEPTION_MESSAGE,
          DeadLetterHeaders.Spring.EXCEPTION_STACKTRACE,
          DeadLetterHeaders.Spring.ORIGINAL_TOPIC,
          DeadLetterHeaders.Spring.ORIGINAL_PARTITION,
          DeadLetterHeaders.Spring.ORIGINAL_OFFSET,
          true);

  private ContextHeaders() {}

  private static StyleNames names(HeaderStyle style) {
    switch (style) {
      case CONNECT:
        return CONNECT;
      case STREAMS:
        return STREAMS;
      case SPRING:
        return SPRING;
      default:
        return NATIVE;
    }
  }

  /**
   * Appends the block opening every dead letter's context: format, style (headers format only),
   * schema version, reason and the idempotency key (when the source is known).
   */
  static void writeBlockStart(DeadLetterFormat format, HeaderStyle style, DeadLetter dl, Headers out) {
    out.add(DeadLetterHeaders.FORMAT, utf8(format.optionValue()));
    if (format == DeadLetterFormat.HEADERS) {
      out.add(DeadLetterHeaders.STYLE, utf8(style.optionValue()));
    }
    out.add(DeadLetterHeaders.SCHEMA_VERSION, utf8(Integer.toString(DeadLetterHeaders.CURRENT_SCHEMA_VERSION)));
    out.add(DeadLetterHeaders.REASON, utf8(dl.reason().name()));
    String idempotencyKey = DeadLetterHeaders.idempotencyKey(dl);
    if (idempotencyKey != null) {
      out.add(DeadLetterHeaders.IDEMPOTENCY_KEY, utf8(idempotencyKey));
    }
  }

  /**
   * Appends the context of the headers format: the style's error and source headers, then ours for
   * what the style has no header for. Message and stack trace are passed already capped (or null).
   */
  static void writeContext(HeaderStyle style, DeadLetter dl, String message, String stackTrace, Headers out) {
    StyleNames n = names(style);
    out.add(n.errorClass(), utf8(dl.errorClass()));
    if (message != null) {
      out.add(n.errorMessage(), utf8(message));
    }
    if (stackTrace != null) {
      out.add(n.stackTrace(), utf8(stackTrace));
    }
    if (dl.sourceTopic() != null) {
      out.add(n.sourceTopic(), utf8(dl.sourceTopic()));
    }
    if (dl.sourcePartition() != null) {
      int p = dl.sourcePartition();
      out.add(n.sourcePartition(), n.binaryNumbers() ? ByteCodec.intBigEndian(p) : utf8(Integer.toString(p)));
    }
    if (dl.sourceOffset() != null) {
      long o = dl.sourceOffset();
      out.add(n.sourceOffset(), n.binaryNumbers() ? ByteCodec.longBigEndian(o) : utf8(Long.toString(o)));
    }
    if (style == HeaderStyle.SPRING && dl.timestampMillis() != null) {
      out.add(DeadLetterHeaders.Spring.ORIGINAL_TIMESTAMP, ByteCodec.longBigEndian(dl.timestampMillis()));
      out.add(DeadLetterHeaders.Spring.ORIGINAL_TIMESTAMP_TYPE, utf8(TimestampType.CREATE_TIME.toString()));
    }
    writeRoutingContext(dl, out);
  }

  /** Our fields that no ecosystem has a header for; written in every style. */
  private static void writeRoutingContext(DeadLetter dl, Headers out) {
    if (!dl.targetTopics().isEmpty()) {
      out.add(DeadLetterHeaders.TARGET_TOPICS, utf8(String.join(",", dl.targetTopics())));
    }
    out.add(DeadLetterHeaders.QUERY_ID, utf8(dl.queryId()));
    out.add(DeadLetterHeaders.BATCH_ID, utf8(Long.toString(dl.batchId())));
    out.add(DeadLetterHeaders.TIME, utf8(Long.toString(dl.failedAtMillis())));
    out.add(DeadLetterHeaders.REPLAY_COUNT, utf8(Integer.toString(dl.replayCount())));
    if (dl.rule() != null) {
      out.add(DeadLetterHeaders.RULE, utf8(dl.rule()));
    }
  }

  /** Appends the truncation headers. */
  static void writeTruncation(ValueTruncation truncation, Headers out) {
    out.add(DeadLetterHeaders.VALUE_TRUNCATED, utf8("true"));
    out.add(DeadLetterHeaders.VALUE_ORIGINAL_SIZE, utf8(Long.toString(truncation.originalSize())));
    out.add(DeadLetterHeaders.VALUE_SHA256, utf8(truncation.sha256Hex()));
  }

  // ---------------------------------------------------------------- reading

  /** A record's headers split into the original ones and our context block. */
  record Split(List<Header> originals, List<Header> block) {
    /** The value of the named context header, or null when absent. */
    byte[] value(String name) {
      for (int i = block.size() - 1; i >= 0; i--) {
        if (block.get(i).key().equals(name)) {
          return block.get(i).value();
        }
      }
      return null;
    }

    String string(String name) {
      return ByteCodec.string(value(name));
    }

    String required(String name) {
      String s = string(name);
      if (s == null) {
        throw new IllegalArgumentException("dead letter has no header " + name);
      }
      return s;
    }

    Long decimal(String name) {
      byte[] b = value(name);
      return b == null ? null : ByteCodec.parseDecimal(name, b);
    }
  }

  /**
   * Splits headers at the last {@link DeadLetterHeaders#FORMAT} header.
   *
   * @throws IllegalArgumentException if there is none (not a kafka-routed dead letter)
   */
  static Split split(Headers headers) {
    Header[] all = headers.toArray();
    int start = -1;
    for (int i = all.length - 1; i >= 0 && start < 0; i--) {
      if (all[i].key().equals(DeadLetterHeaders.FORMAT)) {
        start = i;
      }
    }
    if (start < 0) {
      throw new IllegalArgumentException(
          "not a kafka-routed dead letter: no header " + DeadLetterHeaders.FORMAT);
    }
    return new Split(
        List.of(Arrays.copyOfRange(all, 0, start)), List.of(Arrays.copyOfRange(all, start, all.length)));
  }

  /** Reads the style-specific fields of a headers-format dead letter into the builder. */
  static void readContext(HeaderStyle style, Split s, long recordTimestamp, TimestampType timestampType,
      DeadLetter.Builder b) {
    StyleNames n = names(style);
    b.errorClass(s.required(n.errorClass()))
        .errorMessage(s.string(n.errorMessage()))
        .stackTrace(s.string(n.stackTrace()))
        .sourceTopic(s.string(n.sourceTopic()));
    byte[] partition = s.value(n.sourcePartition());
    byte[] offset = s.value(n.sourceOffset());
    if (n.binaryNumbers()) {
      b.sourcePartition(partition == null ? null : ByteCodec.readIntBigEndian(n.sourcePartition(), partition));
      b.sourceOffset(offset == null ? null : ByteCodec.readLongBigEndian(n.sourceOffset(), offset));
    } else {
      b.sourcePartition(partition == null ? null : Math.toIntExact(ByteCodec.parseDecimal(n.sourcePartition(), partition)));
      b.sourceOffset(offset == null ? null : ByteCodec.parseDecimal(n.sourceOffset(), offset));
    }
    b.timestampMillis(originalTimestamp(style, s, recordTimestamp, timestampType));
    readRoutingContext(s, b);
  }

  /**
   * The original timestamp: Spring's header when present, else the record's create time (which
   * the encoder kept). A log-append time is the broker's, not the original, so it gives null.
   */
  private static Long originalTimestamp(HeaderStyle style, Split s, long recordTimestamp, TimestampType type) {
    byte[] springTimestamp = s.value(DeadLetterHeaders.Spring.ORIGINAL_TIMESTAMP);
    if (style == HeaderStyle.SPRING && springTimestamp != null) {
      return ByteCodec.readLongBigEndian(DeadLetterHeaders.Spring.ORIGINAL_TIMESTAMP, springTimestamp);
    }
    return type == TimestampType.CREATE_TIME && recordTimestamp >= 0 ? recordTimestamp : null;
  }

  private static void readRoutingContext(Split s, DeadLetter.Builder b) {
    String targets = s.string(DeadLetterHeaders.TARGET_TOPICS);
    b.targetTopics(targets == null || targets.isEmpty() ? List.of() : Arrays.asList(targets.split(",")))
        .queryId(s.required(DeadLetterHeaders.QUERY_ID))
        .batchId(requiredDecimal(s, DeadLetterHeaders.BATCH_ID))
        .failedAtMillis(requiredDecimal(s, DeadLetterHeaders.TIME));
    Long replayCount = s.decimal(DeadLetterHeaders.REPLAY_COUNT);
    b.replayCount(replayCount == null ? 0 : Math.toIntExact(replayCount));
    b.rule(s.string(DeadLetterHeaders.RULE));
  }

  private static long requiredDecimal(Split s, String name) {
    return ByteCodec.parseDecimal(name, utf8(s.required(name)));
  }

  /** The truncation headers, or null when the value is whole. */
  static ValueTruncation readTruncation(Split s) {
    if (!"true".equals(s.string(DeadLetterHeaders.VALUE_TRUNCATED))) {
      return null;
    }
    Long size = s.decimal(DeadLetterHeaders.VALUE_ORIGINAL_SIZE);
    return new ValueTruncation(size == null ? -1 : size, s.string(DeadLetterHeaders.VALUE_SHA256));
  }
}
