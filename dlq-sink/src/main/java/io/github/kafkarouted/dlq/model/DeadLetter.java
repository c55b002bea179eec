package io.github.kafkarouted.dlq.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;

/**
 * One row that could not be delivered to its route: the original record (key, value, headers,
 * timestamp) plus why it failed and where it came from. Built on the failure path only, with {@link
 * #builder()}; encoded into a Kafka record by {@code codec.DeadLetterEncoder} and recovered by
 * {@code codec.DeadLetterDecoder} (the model does not depend on its codecs).
 *
 * <p>Immutable and thread-safe, with one documented exception: the {@code key} and {@code value}
 * arrays are shared, not copied, because a {@link DeadLetterReason#RECORD_TOO_LARGE} value can be
 * many megabytes. Treat them as read-only, as {@code ProducerRecord} does. Lists are copied. Not
 * serializable (dead letters never cross the driver/executor boundary).
 */
public final class DeadLetter {

  private final byte[] key;
  private final byte[] value;
  private final List<Header> headers;
  private final Long timestampMillis;
  private final DeadLetterReason reason;
  private final String errorClass;
  private final String errorMessage;
  private final String stackTrace;
  private final List<String> targetTopics;
  private final String sourceTopic;
  private final Integer sourcePartition;
  private final Long sourceOffset;
  private final String queryId;
  private final long batchId;
  private final long failedAtMillis;
  private final int replayCount;
  private final String rule;

  private DeadLetter(Builder b) {
    this.key = b.key;
    this.value = b.value;
    this.headers = List.copyOf(b.headers);
    this.timestampMillis = b.timestampMillis;
    this.reason = Objects.requireNonNull(b.reason, "reason");
    this.errorClass = Objects.requireNonNull(b.errorClass, "errorClass");
    this.errorMessage = b.errorMessage;
    this.stackTrace = b.stackTrace;
    this.targetTopics = List.copyOf(b.targetTopics);
    this.sourceTopic = b.sourceTopic;
    this.sourcePartition = b.sourcePartition;
    this.sourceOffset = b.sourceOffset;
    this.queryId = Objects.requireNonNull(b.queryId, "queryId");
    this.batchId = Objects.requireNonNull(b.batchId, "batchId");
    this.failedAtMillis = Objects.requireNonNull(b.failedAtMillis, "failedAtMillis");
    if (b.replayCount < 0) {
      throw new IllegalArgumentException("replayCount must be >= 0, got " + b.replayCount);
    }
    this.replayCount = b.replayCount;
    this.rule = b.rule;
  }

  /** A builder; {@code reason}, {@code errorClass}, {@code queryId}, {@code batchId} and {@code failedAtMillis} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with every field of this dead letter (e.g. to bump the replay count). */
  public Builder toBuilder() {
    return new Builder()
        .key(key)
        .value(value)
        .headers(headers)
        .timestampMillis(timestampMillis)
        .reason(reason)
        .errorClass(errorClass)
        .errorMessage(errorMessage)
        .stackTrace(stackTrace)
        .targetTopics(targetTopics)
        .sourceTopic(sourceTopic)
        .sourcePartition(sourcePartition)
        .sourceOffset(sourceOffset)
        .queryId(queryId)
        .batchId(batchId)
        .failedAtMillis(failedAtMillis)
        .replayCount(replayCount)
        .rule(rule);
  }

  /** The original key bytes, or null. Shared, not copied: do not modify. */
  public byte[] key() {
    return key;
  }

  /** The original value bytes, or null. Shared, not copied: do not modify. */
  public byte[] value() {
    return value;
  }

  /** The original record headers (never our context headers), unmodifiable, possibly empty. */
  public List<Header> headers() {
    return headers;
  }

  /** The original record timestamp in epoch ms, or null to let the producer stamp the dead letter. */
  public Long timestampMillis() {
    return timestampMillis;
  }

  /** Why the row was dead-lettered. */
  public DeadLetterReason reason() {
    return reason;
  }

  /** Fully qualified class name of the error (or a pseudo class for failures without an exception). */
  public String errorClass() {
    return errorClass;
  }

  /** The error message, or null; capped by the encoder when written. */
  public String errorMessage() {
    return errorMessage;
  }

  /** The stack trace, or null; written only when the encoder includes stack traces. */
  public String stackTrace() {
    return stackTrace;
  }

  /** The topics the row was meant for, unmodifiable, empty when no route matched. */
  public List<String> targetTopics() {
    return targetTopics;
  }

  /** The Kafka topic the row was read from, or null when the input is not Kafka. */
  public String sourceTopic() {
    return sourceTopic;
  }

  /** The source partition, or null when unknown. */
  public Integer sourcePartition() {
    return sourcePartition;
  }

  /** The source offset, or null when unknown. */
  public Long sourceOffset() {
    return sourceOffset;
  }

  /** The id of the streaming query that wrote the dead letter (stable across restarts). */
  public String queryId() {
    return queryId;
  }

  /** The micro-batch (epoch) id in which the row failed. */
  public long batchId() {
    return batchId;
  }

  /** When the row failed, epoch ms. */
  public long failedAtMillis() {
    return failedAtMillis;
  }

  /** How many times this dead letter has been replayed; 0 for a first failure. */
  public int replayCount() {
    return replayCount;
  }

  /** The name of the data-quality rule the row broke ({@link DeadLetterReason#RULE_VIOLATION}), or null. */
  public String rule() {
    return rule;
  }

  /** Describes the dead letter without key, value or header bytes (they may hold sensitive data). */
  @Override
  public String toString() {
    return "DeadLetter{reason="
        + reason
        + ", errorClass="
        + errorClass
        + ", targetTopics="
        + targetTopics
        + ", source="
        + sourceTopic
        + "-"
        + sourcePartition
        + "@"
        + sourceOffset
        + ", queryId="
        + queryId
        + ", batchId="
        + batchId
        + ", replayCount="
        + replayCount
        + ", keyBytes="
        + (key == null ? "null" : key.length)
        + ", valueBytes="
        + (value == null ? "null" : value.length)
        + ", headers="
        + headers.size()
        + "}";
  }

  /** Mutable, single-use builder of {@link DeadLetter}. Not thread-safe. */
  public static final class Builder {
    private byte[] key;
    private byte[] value;
    private final List<Header> headers = new ArrayList<>();
    private Long timestampMillis;
    private DeadLetterReason reason;
    private String errorClass;
    private String errorMessage;
    private String stackTrace;
    private final List<String> targetTopics = new ArrayList<>();
    private String sourceTopic;
    private Integer sourcePartition;
    private Long sourceOffset;
    private String queryId;
    private Long batchId;
    private Long failedAtMillis;
    private int replayCount;
    private String rule;

    private Builder() {}

    public Builder key(byte[] key) {
      this.key = key;
      return this;
    }

    public Builder value(byte[] value) {
      this.value = value;
      return this;
    }

    /** Replaces the original headers (null means none). */
    public Builder headers(Iterable<? extends Header> headers) {
      this.headers.clear();
      if (headers != null) {
        for (Header header : headers) {
          this.headers.add(Objects.requireNonNull(header, "header"));
        }
      }
      return this;
    }

    public Builder timestampMillis(Long timestampMillis) {
      this.timestampMillis = timestampMillis;
      return this;
    }

    public Builder reason(DeadLetterReason reason) {
      this.reason = reason;
      return this;
    }

    public Builder errorClass(String errorClass) {
      this.errorClass = errorClass;
      return this;
    }

    public Builder errorMessage(String errorMessage) {
      this.errorMessage = errorMessage;
      return this;
    }

    public Builder stackTrace(String stackTrace) {
      this.stackTrace = stackTrace;
      return this;
    }

    /** Sets class, message and stack trace from an exception (the stack trace is only written if enabled). */
    public Builder error(Throwable error) {
      this.errorClass = error.getClass().getName();
      this.errorMessage = error.getMessage();
      this.stackTrace = StackTraces.toString(error);
      return this;
    }

    /** Replaces the intended topics (null means none). */
    public Builder targetTopics(Collection<String> targetTopics) {
      this.targetTopics.clear();
      if (targetTopics != null) {
        for (String topic : targetTopics) {
          this.targetTopics.add(Objects.requireNonNull(topic, "target topic"));
        }
      }
      return this;
    }

    public Builder sourceTopic(String sourceTopic) {
      this.sourceTopic = sourceTopic;
      return this;
    }

    public Builder sourcePartition(Integer sourcePartition) {
      this.sourcePartition = sourcePartition;
      return this;
    }

    public Builder sourceOffset(Long sourceOffset) {
      this.sourceOffset = sourceOffset;
      return this;
    }

    public Builder queryId(String queryId) {
      this.queryId = queryId;
      return this;
    }

    public Builder batchId(long batchId) {
      this.batchId = batchId;
      return this;
    }

    public Builder failedAtMillis(long failedAtMillis) {
      this.failedAtMillis = failedAtMillis;
      return this;
    }

    public Builder rule(String rule) {
      this.rule = rule;
      return this;
    }

    public Builder replayCount(int replayCount) {
      this.replayCount = replayCount;
      return this;
    }

    /**
     * Builds the dead letter.
     *
     * @throws NullPointerException naming the first missing required field
     */
    public DeadLetter build() {
      return new DeadLetter(this);
    }
  }
}
