package io.github.kafkarouted.dlq.model;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Header names shared by the dead-letter writer, the decoder and replay, plus the idempotency key
 * every kafka-routed record carries. All values of our {@value #PREFIX} headers are UTF-8 strings;
 * numbers are decimal.
 *
 * <p>The ecosystem header names written by {@link HeaderStyle#CONNECT}, {@link HeaderStyle#STREAMS}
 * and {@link HeaderStyle#SPRING} are in the nested classes {@link Connect}, {@link Streams} and
 * {@link Spring}, copied from those projects' sources. Constants only; thread-safe.
 */
public final class DeadLetterHeaders {

  /** Prefix of every kafka-routed dead-letter header. */
  public static final String PREFIX = "kafka-routed.dlq.";

  /** {@link DeadLetterReason} name. Written in every style and format. */
  public static final String REASON = PREFIX + "reason";
  /** Fully qualified error class name (native style). */
  public static final String ERROR_CLASS = PREFIX + "error.class";
  /** Error message, capped (native style); absent when the error has no message. */
  public static final String ERROR_MESSAGE = PREFIX + "error.message";
  /** Stack trace, capped (native style); only when stack traces are enabled. */
  public static final String ERROR_STACKTRACE = PREFIX + "error.stacktrace";
  /** Intended topics, comma-separated (topic names cannot contain commas); absent when none. */
  public static final String TARGET_TOPICS = PREFIX + "target.topics";
  /** Source topic (native style); absent when unknown. */
  public static final String SOURCE_TOPIC = PREFIX + "source.topic";
  /** Source partition, decimal (native style); absent when unknown. */
  public static final String SOURCE_PARTITION = PREFIX + "source.partition";
  /** Source offset, decimal (native style); absent when unknown. */
  public static final String SOURCE_OFFSET = PREFIX + "source.offset";
  /** Streaming query id. */
  public static final String QUERY_ID = PREFIX + "query.id";
  /** Batch (epoch) id, decimal. */
  public static final String BATCH_ID = PREFIX + "batch.id";
  /** When the row failed, epoch ms, decimal. */
  public static final String TIME = PREFIX + "time";
  /** Version of this header/JSON schema, decimal; see {@link #CURRENT_SCHEMA_VERSION}. */
  public static final String SCHEMA_VERSION = PREFIX + "schema.version";
  /** {@code true} when the value was cut to fit the DLQ producer's {@code max.request.size}. */
  public static final String VALUE_TRUNCATED = PREFIX + "value.truncated";
  /** Size in bytes of the full original value, decimal; only with {@link #VALUE_TRUNCATED}. */
  public static final String VALUE_ORIGINAL_SIZE = PREFIX + "value.original.size";
  /** Lower-case hex SHA-256 of the full original value; only with {@link #VALUE_TRUNCATED}. */
  public static final String VALUE_SHA256 = PREFIX + "value.sha256";
  /** How many times the dead letter was replayed, decimal. */
  public static final String REPLAY_COUNT = PREFIX + "replay.count";
  /** The data-quality rule a {@link DeadLetterReason#RULE_VIOLATION} dead letter broke (its name). */
  public static final String RULE = PREFIX + "rule";
  /** {@link DeadLetterFormat} option value ({@code headers} or {@code json}), so readers need no configuration. */
  public static final String FORMAT = PREFIX + "format";
  /** {@link HeaderStyle} option value, with the {@code headers} format only. */
  public static final String STYLE = PREFIX + "style";

  /** The schema version this code writes. Readers accept this and older versions. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  /**
   * Carried by every record kafka-routed writes (route or DLQ): {@link #idempotencyKey} of the source
   * row and the route, so consumers can drop the duplicates that at-least-once delivery produces when
   * Spark replays a batch.
   */
  public static final String IDEMPOTENCY_KEY = "kafka-routed.idempotency.key";

  /**
   * Carried by a record that replay sent back to its topic: how many times it has been replayed,
   * decimal. A replayed record that fails again becomes a dead letter with this {@link
   * DeadLetter#replayCount()}, so replay can stop at a maximum instead of looping.
   */
  public static final String RECORD_REPLAY_COUNT = "kafka-routed.replay.count";

  /** The route part of a dead letter's idempotency key starts with this (see {@link #deadLetterRoute}). */
  public static final String DEAD_LETTER_ROUTE_PREFIX = "__dlq";

  /** Kafka Connect's {@code DeadLetterQueueReporter} context headers; values are UTF-8 strings. */
  public static final class Connect {
    public static final String PREFIX = "__connect.errors.";
    public static final String TOPIC = PREFIX + "topic";
    public static final String PARTITION = PREFIX + "partition";
    public static final String OFFSET = PREFIX + "offset";
    public static final String EXCEPTION_CLASS_NAME = PREFIX + "exception.class.name";
    public static final String EXCEPTION_MESSAGE = PREFIX + "exception.message";
    public static final String EXCEPTION_STACKTRACE = PREFIX + "exception.stacktrace";

    private Connect() {}
  }

  /** Kafka Streams' KIP-1034 {@code ExceptionHandlerUtils} headers; values are UTF-8 strings. */
  public static final class Streams {
    public static final String PREFIX = "__streams.errors.";
    /** The exception's class name. */
    public static final String EXCEPTION = PREFIX + "exception";
    public static final String MESSAGE = PREFIX + "message";
    public static final String STACKTRACE = PREFIX + "stacktrace";
    public static final String TOPIC = PREFIX + "topic";
    public static final String PARTITION = PREFIX + "partition";
    public static final String OFFSET = PREFIX + "offset";

    private Streams() {}
  }

  /**
   * Spring Kafka's {@code DeadLetterPublishingRecoverer} headers ({@code KafkaHeaders.DLT_*}). Strings
   * are UTF-8; {@link #ORIGINAL_PARTITION} is a 4-byte big-endian int; {@link #ORIGINAL_OFFSET} and
   * {@link #ORIGINAL_TIMESTAMP} are 8-byte big-endian longs; {@link #ORIGINAL_TIMESTAMP_TYPE} is
   * {@code TimestampType.toString()} ({@code CreateTime}).
   */
  public static final class Spring {
    public static final String PREFIX = "kafka_dlt-";
    public static final String EXCEPTION_FQCN = PREFIX + "exception-fqcn";
    public static final String EXCEPTION_MESSAGE = PREFIX + "exception-message";
    public static final String EXCEPTION_STACKTRACE = PREFIX + "exception-stacktrace";
    public static final String ORIGINAL_TOPIC = PREFIX + "original-topic";
    public static final String ORIGINAL_PARTITION = PREFIX + "original-partition";
    public static final String ORIGINAL_OFFSET = PREFIX + "original-offset";
    public static final String ORIGINAL_TIMESTAMP = PREFIX + "original-timestamp";
    public static final String ORIGINAL_TIMESTAMP_TYPE = PREFIX + "original-timestamp-type";

    private Spring() {}
  }

  private DeadLetterHeaders() {}

  /**
   * The {@link #RECORD_REPLAY_COUNT} of a record's headers (the last one wins); 0 when absent or not
   * a non-negative decimal (a foreign header must not fail the dead letter).
   */
  public static int replayCountOf(Iterable<? extends org.apache.kafka.common.header.Header> headers) {
    int count = 0;
    if (headers != null) {
      for (org.apache.kafka.common.header.Header h : headers) {
        if (RECORD_REPLAY_COUNT.equals(h.key())) {
          try {
            count = Math.max(0, Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8).trim()));
          } catch (RuntimeException e) {
            count = 0;
          }
        }
      }
    }
    return count;
  }

  /**
   * The idempotency key of the record written for one source row and one route: {@code
   * <sourceTopic>-<partition>-<offset>:<route>}, e.g. {@code orders-3-1042:eu}.
   *
   * <p>Plain rather than hashed, because it is then readable and reversible (it tells where a
   * record came from) and cannot collide: Kafka topic names cannot contain {@code ':'}, so the first
   * {@code ':'} ends the source part, and partition and offset are digits, so the last two {@code
   * '-'} of the source part delimit them. It costs a few dozen bytes per record, which is small next
   * to typical values. The same row and route give the same key on every replay of a batch.
   *
   * @throws IllegalArgumentException if the topic is empty or contains {@code ':'}, partition or
   *     offset is negative, or the route is empty
   */
  public static String idempotencyKey(String sourceTopic, int partition, long offset, String route) {
    if (!canKey(sourceTopic, partition, offset)) {
      throw new IllegalArgumentException(
          "invalid source coordinates for an idempotency key: " + sourceTopic + ", " + partition + ", " + offset);
    }
    if (route == null || route.isEmpty()) {
      throw new IllegalArgumentException("route must not be empty");
    }
    return sourceTopic + '-' + partition + '-' + offset + ':' + route;
  }

  /**
   * Whether these source coordinates make an unambiguous key: a non-empty topic without {@code
   * ':'} (as every Kafka topic name is) and a non-negative partition and offset. Coordinates come
   * from input columns, which may hold anything: a row whose coordinates cannot be keyed gets no
   * key rather than failing its task.
   */
  public static boolean canKey(String sourceTopic, Integer partition, Long offset) {
    return sourceTopic != null
        && !sourceTopic.isEmpty()
        && sourceTopic.indexOf(':') < 0
        && partition != null
        && partition >= 0
        && offset != null
        && offset >= 0;
  }

  /**
   * The route part of a dead letter's idempotency key: {@code __dlq/<replayCount>/<targets,...>}.
   * It leaves out the reason, so a batch replay that fails the same row for another reason (e.g. a
   * timeout, then too large) still yields the same key.
   */
  public static String deadLetterRoute(int replayCount, List<String> targetTopics) {
    return DEAD_LETTER_ROUTE_PREFIX + '/' + replayCount + '/' + String.join(",", targetTopics);
  }

  /**
   * The idempotency key of a dead letter's DLQ record, or null when its source coordinates are
   * unknown (the input is not Kafka) or cannot be keyed ({@link #canKey}), in which case no key can
   * be deterministic.
   */
  public static String idempotencyKey(DeadLetter deadLetter) {
    if (!canKey(deadLetter.sourceTopic(), deadLetter.sourcePartition(), deadLetter.sourceOffset())) {
      return null;
    }
    return idempotencyKey(
        deadLetter.sourceTopic(),
        deadLetter.sourcePartition(),
        deadLetter.sourceOffset(),
        deadLetterRoute(deadLetter.replayCount(), deadLetter.targetTopics()));
  }
}
