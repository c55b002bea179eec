package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.connector.dispatch.SendTracker.FailedSend;
import io.github.kafkarouted.connector.dispatch.SendTracker.RowOutcome;
import io.github.kafkarouted.connector.quality.RuleTable;
import io.github.kafkarouted.connector.quality.RuleViolationException;
import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.RouteTargets;
import io.github.kafkarouted.connector.routing.TopicPolicy;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import io.github.kafkarouted.dlq.codec.RecordSizes;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 *
 * <p>The jobs around it have their own classes: {@link TargetChecks} (may this topic and partition
 * be written), {@link SendTracker} (records in flight and which failure becomes which dead letter),
 * {@link IdempotencyKeys} (the key header), {@link DeadLetterChannel} (the dead letters).
 */
public final class RecordDispatcher {

  private static final Header[] NO_HEADERS = new Header[0];

  private final RouteTable routes;
  private final RuleTable rules;
  /** Per rule, what its violation says; built once, not per dead-lettered or failing row. */
  private final String[] ruleMessages;
  private final IntConsumer ruleViolated;
  private final UnmatchedPolicy unmatchedPolicy;
  private final Producer<byte[], byte[]> producer;
  private final DeadLetterChannel deadLetters;
  private final TargetChecks targetChecks;
  private final int maxRequestSize;
  private final IdempotencyKeys idempotencyKeys;
  private final DispatchCounters counters;
  private final RouteTargets targets;
  private final SendTracker sends;

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
    this(routes, RuleTable.NONE, unmatchedPolicy, producer, deadLetters, topicExistence, topicPolicy, maxRequestSize, idempotencyKeys);
  }

  /** @param rules the data-quality rules checked before a row is routed */
  public RecordDispatcher(
      RouteTable routes,
      RuleTable rules,
      UnmatchedPolicy unmatchedPolicy,
      Producer<byte[], byte[]> producer,
      DeadLetterChannel deadLetters,
      TopicExistence topicExistence,
      TopicPolicy topicPolicy,
      int maxRequestSize,
      boolean idempotencyKeys) {
    this.routes = routes;
    this.rules = rules;
    this.ruleMessages = new String[rules.size()];
    for (int i = 0; i < ruleMessages.length; i++) {
      RuleTable.Rule rule = rules.rule(i);
      ruleMessages[i] =
          "Rule '" + rule.name() + "' does not hold (false or NULL): " + rule.sql()
              + " (" + rule.optionKey() + ", action " + rule.action().optionValue() + ")";
    }
    this.unmatchedPolicy = unmatchedPolicy;
    this.producer = producer;
    this.deadLetters = deadLetters;
    this.targetChecks = new TargetChecks(routes, producer, topicExistence, topicPolicy);
    this.maxRequestSize = maxRequestSize;
    this.idempotencyKeys = idempotencyKeys ? new IdempotencyKeys(routes) : null;
    this.counters = new DispatchCounters(routes.routeCount() + 1, rules.size());
    this.ruleViolated = counters::recordRuleViolation;
    this.targets = routes.newTargets();
    this.sends = new SendTracker(deadLetters != null);
  }

  /** Routes {@code row} and hands its record(s) to the producer, or dead-letters it. */
  public void dispatch(OutputRow row) {
    settleFailedSends();
    counters.recordRowIn();
    int n = routes.resolve(row, targets);
    if (rules.size() > 0 && !passesRules(row)) {
      return;
    }
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
    int sent = 0;
    RowOutcome outcome = deadLetters != null && n > 1 ? new RowOutcome(n) : null;
    for (int i = 0; i < n; i++) {
      if (send(row, headers, targets.topic(i), targets.route(i), outcome)) {
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
   * Checks the data-quality rules; false if a broken rule's action took the row (dead letter,
   * drop), and throws for action fail. Every broken rule is counted.
   */
  private boolean passesRules(OutputRow row) {
    int deciding = rules.check(row, ruleViolated);
    if (deciding < 0) {
      return true;
    }
    RuleTable.Rule rule = rules.rule(deciding);
    String message = ruleMessages[deciding];
    switch (rule.action()) {
      case FAIL -> throw new RuleViolationException(
          message
              + ". The row came from "
              + describeSource(row)
              + ". The task fails; the batch is not committed, so after fixing the data or the rule a"
              + " restart writes it again.");
      case DLQ -> {
        if (deadLetters == null) {
          throw new RejectedRecordException(DeadLetterReason.RULE_VIOLATION, message, null);
        }
        deadLetters.send(
            DeadLetterReason.RULE_VIOLATION, row, targetTopics(), null, DeadLetterReason.RULE_VIOLATION.name(), message, rule.name());
        counters.recordDeadLetter(DeadLetterReason.RULE_VIOLATION);
        counters.recordRowDeadLettered();
      }
      default -> counters.recordRowDroppedByRule();
    }
    return false;
  }

  private static String describeSource(RowRecord row) {
    return row.sourceTopic() == null
        ? "an unknown source (no source_topic, source_partition, source_offset columns)"
        : "topic " + row.sourceTopic() + ", partition " + row.sourcePartition() + ", offset " + row.sourceOffset();
  }

  /**
   * Counts a row whose value failed validation ({@code validation.schema}) and dead-letters it with
   * reason SCHEMA_INVALID, or throws without a DLQ. Its routes were never evaluated: it has no
   * target topics.
   */
  public void rejectInvalidValue(OutputRow recordFields, String problem) {
    rejectInvalidValue(recordFields, "validation.schema", problem);
  }

  /** As {@link #rejectInvalidValue(OutputRow, String)}; the message names {@code schemaOption}. */
  public void rejectInvalidValue(OutputRow recordFields, String schemaOption, String problem) {
    settleFailedSends();
    counters.recordRowIn();
    targets.clear();
    deadLetterRow(DeadLetterReason.SCHEMA_INVALID, recordFields, null, schemaOption + ": " + problem);
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
  private boolean send(OutputRow row, List<Header> rowHeaders, String topic, int route, RowOutcome outcome) {
    Integer partition = row.partition();
    Refusal refusal = targetChecks.check(topic, route, partition);
    if (refusal != null) {
      return deadLetterRecord(refusal.reason(), row, topic, null, refusal.message());
    }
    Header[] headers = headers(row, rowHeaders, route);
    byte[] key = row.key();
    byte[] value = row.value();
    int size =
        RecordSizes.quickUpperBound(key, value, headers) <= maxRequestSize
            ? 0
            : RecordSizes.estimatedSize(key, value, headers);
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
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, partition, key, value, headers.length == 0 ? null : Arrays.asList(headers));
    producer.send(record, sends.callback(record, route, row, outcome));
    counters.recordSent(route, topic);
    return true;
  }

  /** The row's headers plus, when the row has source coordinates, its idempotency key. */
  private Header[] headers(OutputRow row, List<Header> rowHeaders, int route) {
    RecordHeader key = idempotencyKeys == null ? null : idempotencyKeys.header(row, route);
    int n = rowHeaders == null ? 0 : rowHeaders.size();
    if (n == 0 && key == null) {
      return NO_HEADERS;
    }
    Header[] out = new Header[key == null ? n : n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = rowHeaders.get(i);
    }
    if (key != null) {
      out[n] = key;
    }
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
    FailedSend failed;
    while ((failed = sends.nextDeadLetter()) != null) {
      deadLetters.send(failed.reason(), failed, List.of(failed.topic()), failed.error(), null, null);
      counters.recordDeadLetter(failed.reason());
      counters.recordSendFailed(failed.route(), failed.topic());
      if (failed.rowFailedEntirely()) {
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
}
