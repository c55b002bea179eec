package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.RouteTargets;
import io.github.kafkarouted.connector.routing.TopicPolicy;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import io.github.kafkarouted.dlq.codec.RecordSizes;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Routes rows and sends their records: the core shared by the DataSource V2 writer and the
 * ForeachWriter. Plain Java; one per Spark task and not thread-safe (the producer's callbacks only
 * record failures, which the task thread then settles).
 *
 * <p>Sends are asynchronous (never buffered until commit, so Real-Time Mode gets each record out
 * within milliseconds). Problems of a record's data (invalid against {@code validation.schema}, no
 * route, a bad topic or partition, too large, refused by the broker as such) make it a dead letter
 * when a {@link DeadLetterChannel} is given, and fail the task otherwise. Problems of the cluster
 * always fail the task so that Spark retries it. {@link #flush} returns only when every record and
 * every dead letter of the task is acknowledged: at-least-once, nothing lost.
 */
public final class RecordDispatcher {

  private final RouteTable routes;
  private final UnmatchedPolicy unmatchedPolicy;
  private final Producer<byte[], byte[]> producer;
  private final DeadLetterChannel deadLetters;
  private final TargetChecks targetChecks;
  private final int maxRequestSize;
  private final boolean idempotencyKeys;
  private final DispatchCounters counters;
  private final RouteTargets targets;
  private final Callback failFast = new FirstFailureCallback();
  private final Queue<RecordCallback> failedSends = new ConcurrentLinkedQueue<>();
  private final RecordFields recordFields = new RecordFields();

  private volatile Exception firstFailure;

  /**
   * @param deadLetters where bad records go; null to fail the task on a bad record
   * @param topicExistence checks that records can be sent to computed topics (they exist, or the
   *     brokers will create them); null to leave it to the producer
   * @param topicPolicy the topics no computed topic may name
   * @param maxRequestSize the route producer's {@code max.request.size}: larger records are dead
   *     letters before they are sent, rather than failures after
   * @param idempotencyKeys whether to add {@link DeadLetterHeaders#IDEMPOTENCY_KEY} to records whose
   *     row has source coordinates
   */
  public RecordDispatcher(
      RouteTable routes,
      UnmatchedPolicy unmatchedPolicy,
      Producer<byte[], byte[]> producer,
      DeadLetterChannel deadLetters,
      TopicExistence topicExistence,
      TopicPolicy topicPolicy,
      int maxRequestSize,
      boolean idempotencyKeys) {
    this.routes = routes;
    this.unmatchedPolicy = unmatchedPolicy;
    this.producer = producer;
    this.deadLetters = deadLetters;
    this.targetChecks = new TargetChecks(routes, producer, topicExistence, topicPolicy);
    this.maxRequestSize = maxRequestSize;
    this.idempotencyKeys = idempotencyKeys;
    this.counters = new DispatchCounters(routes.routeCount() + 1);
    this.targets = routes.newTargets();
  }

  /** Routes {@code row} and hands its record(s) to the producer, or dead-letters it. */
  public void dispatch(OutputRow row) {
    settleFailedSends();
    counters.recordRowIn();
    int n = routes.resolve(row, targets);
    if (n == 0) {
      if (unmatchedPolicy == UnmatchedPolicy.DROP) {
        counters.recordRowDropped();
      } else {
        deadLetterRow(
            DeadLetterReason.NO_ROUTE,
            row,
            null,
            "The row matched no route and there is no default topic. Set the 'topic' option (or"
                + " give the row a 'topic' column) for such rows, or routing.unmatched=drop to"
                + " drop and count them.");
      }
      return;
    }
    List<Header> headers = row.headers();
    String badHeaders = NullKeyHeader.problem(headers);
    if (badHeaders != null) {
      deadLetterRow(DeadLetterReason.INVALID_RECORD, row, null, badHeaders);
      return;
    }
    RecordFields fields = recordFields.of(row.key(), row.value(), row.partition(), headers);
    int sent = 0;
    RowOutcome outcome = deadLetters != null && n > 1 ? new RowOutcome(n) : null;
    for (int i = 0; i < n; i++) {
      if (send(row, fields, targets.topic(i), targets.route(i), outcome)) {
        sent++;
      }
    }
    if (sent > 0) {
      counters.recordRowRouted();
    } else {
      counters.recordRowDeadLettered();
    }
  }

  /**
   * Counts a row whose value failed validation ({@code validation.schema}) and dead-letters it with
   * reason SCHEMA_INVALID, or throws without a DLQ. Its routes were never evaluated: it has no
   * target topics.
   */
  public void rejectInvalidValue(OutputRow recordFields, String problem) {
    settleFailedSends();
    counters.recordRowIn();
    targets.clear();
    deadLetterRow(DeadLetterReason.SCHEMA_INVALID, recordFields, null, "validation.schema: " + problem);
  }

  /**
   * Counts a row whose route expressions failed to evaluate (for example an ANSI cast error) and
   * dead-letters it with reason ROUTE_ERROR, or rethrows without a DLQ.
   */
  public void rejectUnroutableRow(OutputRow recordFields, RuntimeException error) {
    settleFailedSends();
    counters.recordRowIn();
    if (deadLetters == null) {
      throw error;
    }
    deadLetters.send(DeadLetterReason.ROUTE_ERROR, recordFields, List.of(), error, null, null);
    counters.recordDeadLetter(DeadLetterReason.ROUTE_ERROR);
    counters.recordRowDeadLettered();
  }

  /** Sends one record of {@code row} to {@code topic}; false if it became a dead letter instead. */
  private boolean send(
      OutputRow row, RecordFields fields, String topic, int route, RowOutcome outcome) {
    Refusal refusal = targetChecks.check(topic, route, fields.partition);
    if (refusal != null) {
      return deadLetterRecord(refusal.reason(), row, topic, null, refusal.message());
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, fields.partition, fields.key, fields.value, headers(row, fields.headers, route));
    int size = RecordSizes.estimatedSize(record);
    if (size > maxRequestSize) {
      // The producer would refuse it after the fact; decide now, with the row at hand.
      return deadLetterRecord(
          DeadLetterReason.RECORD_TOO_LARGE,
          row,
          topic,
          new RecordTooLargeException(
              "The record is "
                  + size
                  + " bytes when serialized, larger than the producer's max.request.size ("
                  + maxRequestSize
                  + ")."),
          null);
    }
    producer.send(record, deadLetters == null ? failFast : new RecordCallback(record, route, row, outcome));
    counters.recordSent(route, topic);
    return true;
  }

  /** The row's headers plus, when the row has source coordinates, its idempotency key. */
  private List<Header> headers(OutputRow row, List<Header> headers, int route) {
    if (!idempotencyKeys || row.sourceTopic() == null || row.sourcePartition() == null || row.sourceOffset() == null) {
      return headers;
    }
    String key =
        DeadLetterHeaders.idempotencyKey(
            row.sourceTopic(), row.sourcePartition(), row.sourceOffset(), routes.label(route));
    List<Header> out = new ArrayList<>(headers == null ? 1 : headers.size() + 1);
    if (headers != null) {
      out.addAll(headers);
    }
    out.add(new RecordHeader(DeadLetterHeaders.IDEMPOTENCY_KEY, key.getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  private void deadLetterRow(DeadLetterReason reason, OutputRow row, Throwable error, String message) {
    if (deadLetters == null) {
      throw new RejectedRecordException(reason, message, error);
    }
    deadLetters.send(reason, row, targetTopics(), error, error == null ? reason.name() : null, message);
    counters.recordDeadLetter(reason);
    counters.recordRowDeadLettered();
  }

  private boolean deadLetterRecord(
      DeadLetterReason reason, OutputRow row, String topic, Throwable error, String message) {
    if (deadLetters == null) {
      throw new RejectedRecordException(
          reason, message != null ? message : error.getMessage(), error);
    }
    List<String> target = topic == null || topic.isEmpty() ? List.of() : List.of(topic);
    deadLetters.send(reason, row, target, error, error == null ? reason.name() : null, message);
    counters.recordDeadLetter(reason);
    return false;
  }

  private List<String> targetTopics() {
    List<String> topics = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      if (targets.topic(i) != null && !targets.topic(i).isEmpty()) {
        topics.add(targets.topic(i));
      }
    }
    return topics;
  }

  /**
   * Turns the sends that failed since the last call into dead letters, or fails the task if a
   * failure is not the data's fault (or there is no DLQ).
   */
  private void settleFailedSends() {
    Exception failure = firstFailure;
    if (failure != null) {
      throw new KafkaSendException(failure);
    }
    RecordCallback failed;
    while ((failed = failedSends.poll()) != null) {
      DeadLetterReason reason = SendFailureKind.deadLetterReason(failed.error);
      if (reason == null) {
        firstFailure = failed.error;
        throw new KafkaSendException(failed.error);
      }
      deadLetters.send(reason, failed, List.of(failed.record.topic()), failed.error, null, null);
      counters.recordDeadLetter(reason);
      counters.recordSendFailed(failed.route, failed.record.topic());
      if (failed.outcome == null || failed.outcome.allFailed()) {
        counters.moveRowRoutedToDeadLettered();
      }
    }
  }

  /** Blocks until every record and dead letter sent so far is acknowledged; throws any failure. */
  public void flush() {
    settleFailedSends();
    // Sends are asynchronous: success may only be reported once every record is in Kafka.
    producer.flush();
    settleFailedSends();
    if (deadLetters != null) {
      deadLetters.flush();
    }
  }

  public DispatchCounters counters() {
    return counters;
  }

  /** The record fields of the current row, read once; reused from row to row. */
  private static final class RecordFields {
    byte[] key;
    byte[] value;
    Integer partition;
    List<Header> headers;

    RecordFields of(byte[] key, byte[] value, Integer partition, List<Header> headers) {
      this.key = key;
      this.value = value;
      this.partition = partition;
      this.headers = headers;
      return this;
    }
  }

  /** Counts the failed records of one multi-target row, to know when all of them failed. */
  private static final class RowOutcome {
    private final int targets;
    private int failed;

    RowOutcome(int targets) {
      this.targets = targets;
    }

    boolean allFailed() {
      return ++failed == targets;
    }
  }

  /** Without a DLQ: keeps the first failure; one instance for every send, as Spark's sink does. */
  private final class FirstFailureCallback implements Callback {
    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null && firstFailure == null) {
        firstFailure = exception;
      }
    }
  }

  /**
   * With a DLQ: one per record, holding what a dead letter of it needs; on failure it queues
   * itself for the task thread (sending from the producer's I/O thread could block it).
   */
  private final class RecordCallback implements Callback, OutputRow {
    final ProducerRecord<byte[], byte[]> record;
    final int route;
    final String sourceTopic;
    final Integer sourcePartition;
    final Long sourceOffset;
    final Long originalTimestamp;
    final RowOutcome outcome;
    volatile Exception error;

    RecordCallback(ProducerRecord<byte[], byte[]> record, int route, OutputRow row, RowOutcome outcome) {
      this.record = record;
      this.route = route;
      this.sourceTopic = row.sourceTopic();
      this.sourcePartition = row.sourcePartition();
      this.sourceOffset = row.sourceOffset();
      this.originalTimestamp = row.originalTimestampMillis();
      this.outcome = outcome;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        error = exception;
        failedSends.add(this);
      }
    }

    @Override
    public byte[] key() {
      return record.key();
    }

    @Override
    public byte[] value() {
      return record.value();
    }

    @Override
    public Integer partition() {
      return record.partition();
    }

    @Override
    public List<Header> headers() {
      return List.of(record.headers().toArray());
    }

    @Override
    public String sourceTopic() {
      return sourceTopic;
    }

    @Override
    public Integer sourcePartition() {
      return sourcePartition;
    }

    @Override
    public Long sourceOffset() {
      return sourceOffset;
    }

    @Override
    public Long originalTimestampMillis() {
      return originalTimestamp;
    }

    @Override
    public boolean matches(int routeIndex) {
      return false;
    }

    @Override
    public String computedTopic(int routeIndex) {
      return null;
    }

    @Override
    public String topicColumn() {
      return null;
    }
  }
}
