package io.github.kafkarouted.dlq.codec;

import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.model.ValueTruncation;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns a {@link DeadLetter} into the Kafka record written to the DLQ topic, in the configured
 * {@link DeadLetterFormat} and {@link HeaderStyle}.
 *
 * <ul>
 *   <li>{@link DeadLetterFormat#HEADERS}: key, value bytes and timestamp unchanged; original headers
 *       kept (except an {@link DeadLetterHeaders#IDEMPOTENCY_KEY}, replaced by the dead letter's
 *       own); then the context block (see {@code ContextHeaders}).
 *   <li>{@link DeadLetterFormat#JSON}: key and timestamp unchanged; value is the JSON envelope; the
 *       record headers are only format, schema version, reason, idempotency key (and truncation).
 * </ul>
 *
 * <p>Size: if the record's estimate ({@link RecordSizes}) exceeds {@code maxRequestSize} minus
 * {@value #SAFETY_MARGIN_BYTES} bytes, the original value is cut to fit and {@link
 * DeadLetterHeaders#VALUE_TRUNCATED}, {@link DeadLetterHeaders#VALUE_ORIGINAL_SIZE} and {@link
 * DeadLetterHeaders#VALUE_SHA256} (of the full value) are added. The margin leaves room for headers
 * that producer interceptors (e.g. tracing) add before the producer's own size check. Error messages
 * are capped at {@value #MAX_ERROR_MESSAGE_CHARS} chars and stack traces (written only when enabled)
 * at {@value #MAX_STACKTRACE_CHARS}.
 *
 * <p>Immutable and thread-safe; the per-call work happens only on the failure path.
 */
public final class DeadLetterEncoder {

  /** Error messages longer than this many chars are cut (with a marker saying so). */
  public static final int MAX_ERROR_MESSAGE_CHARS = 2048;
  /** Stack traces longer than this many chars are cut (with a marker saying so). */
  public static final int MAX_STACKTRACE_CHARS = 16 * 1024;
  /** Bytes kept free below {@code max.request.size}. */
  public static final int SAFETY_MARGIN_BYTES = 1024;
  /** The smallest {@code max.request.size} accepted. */
  public static final int MIN_MAX_REQUEST_SIZE = 4 * SAFETY_MARGIN_BYTES;

  private final HeaderStyle style;
  private final DeadLetterFormat format;
  private final boolean includeStacktrace;
  private final int maxRequestSize;
  private final int sizeBudget;

  /**
   * @param maxRequestSize the DLQ producer's {@code max.request.size}
   * @throws IllegalArgumentException if {@code maxRequestSize < }{@value #MIN_MAX_REQUEST_SIZE}
   */
  public DeadLetterEncoder(HeaderStyle style, DeadLetterFormat format, boolean includeStacktrace,
      int maxRequestSize) {
    this.style = Objects.requireNonNull(style, "style");
    this.format = Objects.requireNonNull(format, "format");
    if (maxRequestSize < MIN_MAX_REQUEST_SIZE) {
      throw new IllegalArgumentException(
          "max.request.size of the DLQ producer must be >= " + MIN_MAX_REQUEST_SIZE + ", got " + maxRequestSize);
    }
    this.includeStacktrace = includeStacktrace;
    this.maxRequestSize = maxRequestSize;
    this.sizeBudget = maxRequestSize - SAFETY_MARGIN_BYTES;
  }

  public HeaderStyle style() {
    return style;
  }

  public DeadLetterFormat format() {
    return format;
  }

  public boolean includeStacktrace() {
    return includeStacktrace;
  }

  public int maxRequestSize() {
    return maxRequestSize;
  }

  /** The largest estimated record size this encoder produces: {@code maxRequestSize - }{@value #SAFETY_MARGIN_BYTES}. */
  public int sizeBudget() {
    return sizeBudget;
  }

  /**
   * The DLQ record for a dead letter (partition left to the producer's partitioner, so dead letters
   * with the same original key land together).
   *
   * <p>If it does not fit even with an empty value (a huge key or original headers), the key is cut
   * and the original headers dropped, with a note in the error message, rather than failing the
   * task on every retry.
   *
   * @throws DeadLetterTooLargeException only if even that does not fit
   */
  public ProducerRecord<byte[], byte[]> encode(String dlqTopic, DeadLetter deadLetter) {
    try {
      return encodeAsIs(dlqTopic, deadLetter);
    } catch (DeadLetterTooLargeException e) {
      // Failing here would fail the task on every retry: an endless loop over one record.
      // Keep what identifies the record instead: a prefix of the key, no original headers, and
      // the value's size and SHA-256 (added by the value cut).
      DeadLetter reduced = withoutBulkyKeyAndHeaders(deadLetter);
      if (reduced == null) {
        throw e;
      }
      return encodeAsIs(dlqTopic, reduced);
    }
  }

  /** The dead letter with its key cut to a quarter of the budget and its original headers dropped. */
  private DeadLetter withoutBulkyKeyAndHeaders(DeadLetter dl) {
    byte[] key = dl.key();
    int keyLimit = sizeBudget / 4;
    boolean cutKey = key != null && key.length > keyLimit;
    if (!cutKey && dl.headers().isEmpty()) {
      return null;
    }
    String note =
        " [kafka-routed: to fit the DLQ's max.request.size, "
            + (cutKey ? "the key was cut from " + key.length + " to " + keyLimit + " bytes and " : "")
            + dl.headers().size()
            + " original headers were dropped]";
    return dl.toBuilder()
        .key(cutKey ? java.util.Arrays.copyOf(key, keyLimit) : key)
        .headers(java.util.List.of())
        .errorMessage(cap(dl.errorMessage(), MAX_ERROR_MESSAGE_CHARS - note.length()) + note)
        .build();
  }

  private ProducerRecord<byte[], byte[]> encodeAsIs(String dlqTopic, DeadLetter deadLetter) {
    Objects.requireNonNull(dlqTopic, "dlqTopic");
    String message = cap(deadLetter.errorMessage(), MAX_ERROR_MESSAGE_CHARS);
    String stackTrace = includeStacktrace ? cap(deadLetter.stackTrace(), MAX_STACKTRACE_CHARS) : null;
    byte[] value = deadLetter.value();
    boolean valueAsUtf8 = format == DeadLetterFormat.JSON && value != null && ByteCodec.isValidUtf8(value, value.length);
    int fullLength = value == null ? 0 : value.length;

    ProducerRecord<byte[], byte[]> record =
        build(dlqTopic, deadLetter, message, stackTrace, fullLength, valueAsUtf8, null);
    int size = RecordSizes.estimatedSize(record);
    if (size <= sizeBudget) {
      return record;
    }
    if (value == null) {
      throw tooLarge(dlqTopic, deadLetter, size);
    }
    return truncated(dlqTopic, deadLetter, message, stackTrace, valueAsUtf8);
  }

  /** The record with the longest prefix of the value that fits the size budget. */
  private ProducerRecord<byte[], byte[]> truncated(String dlqTopic, DeadLetter deadLetter, String message,
      String stackTrace, boolean valueAsUtf8) {
    byte[] value = deadLetter.value();
    ValueTruncation truncation = new ValueTruncation(value.length, ByteCodec.sha256Hex(value));
    int emptySize = RecordSizes.estimatedSize(
        build(dlqTopic, deadLetter, message, stackTrace, 0, valueAsUtf8, truncation));
    if (emptySize > sizeBudget) {
      throw tooLarge(dlqTopic, deadLetter, emptySize);
    }
    // Every value byte costs at least one record byte, so no longer prefix can fit.
    int length = prefix(value, Math.min(value.length, sizeBudget - emptySize), valueAsUtf8);
    ProducerRecord<byte[], byte[]> record =
        build(dlqTopic, deadLetter, message, stackTrace, length, valueAsUtf8, truncation);
    int size = RecordSizes.estimatedSize(record);
    if (size <= sizeBudget) {
      return record;
    }
    // JSON escaping or base64 expanded the prefix: scale it by the observed expansion, then cut by
    // the remaining overshoot until it fits. Each pass shrinks the prefix and the empty one fits.
    length = (int) ((long) length * (sizeBudget - emptySize) / (size - emptySize));
    while (true) {
      length = prefix(value, length, valueAsUtf8);
      record = build(dlqTopic, deadLetter, message, stackTrace, length, valueAsUtf8, truncation);
      size = RecordSizes.estimatedSize(record);
      if (size <= sizeBudget || length == 0) {
        return record;
      }
      length = Math.max(0, length - Math.max(1, size - sizeBudget));
    }
  }

  /** A prefix length that keeps a UTF-8 value valid (never splits a multi-byte character). */
  private static int prefix(byte[] value, int length, boolean valueAsUtf8) {
    return valueAsUtf8 ? ByteCodec.utf8Boundary(value, length) : length;
  }

  private ProducerRecord<byte[], byte[]> build(String topic, DeadLetter dl, String message,
      String stackTrace, int valueLength, boolean valueAsUtf8, ValueTruncation truncation) {
    Headers headers = new RecordHeaders();
    byte[] value;
    if (format == DeadLetterFormat.JSON) {
      ContextHeaders.writeBlockStart(format, style, dl, headers);
      value = JsonEnvelope.encode(dl, message, stackTrace, valueLength, valueAsUtf8, truncation);
    } else {
      for (Header h : dl.headers()) {
        if (!h.key().equals(DeadLetterHeaders.IDEMPOTENCY_KEY)) {
          headers.add(h);
        }
      }
      ContextHeaders.writeBlockStart(format, style, dl, headers);
      ContextHeaders.writeContext(style, dl, message, stackTrace, headers);
      byte[] original = dl.value();
      value = original == null || valueLength == original.length ? original : Arrays.copyOf(original, valueLength);
    }
    if (truncation != null) {
      ContextHeaders.writeTruncation(truncation, headers);
    }
    Long timestamp = dl.timestampMillis() != null && dl.timestampMillis() >= 0 ? dl.timestampMillis() : null;
    return new ProducerRecord<>(topic, null, timestamp, dl.key(), value, headers);
  }

  private DeadLetterTooLargeException tooLarge(String dlqTopic, DeadLetter dl, int size) {
    return new DeadLetterTooLargeException(
        "dead letter for DLQ topic '" + dlqTopic + "' needs " + size + " bytes even with its value cut "
            + "to nothing, above the budget of " + sizeBudget + " (max.request.size " + maxRequestSize
            + " minus " + SAFETY_MARGIN_BYTES + "): key " + (dl.key() == null ? 0 : dl.key().length)
            + " bytes, " + dl.headers().size() + " original headers; raise the DLQ producer's "
            + "max.request.size. " + dl);
  }

  /** Cuts a string to at most {@code max} chars (never splitting a surrogate pair), marking the cut. */
  static String cap(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "... [" + (s.length() - end) + " more chars cut]";
  }
}
