package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.connector.delivery.ExactlyOnce;
import io.github.kafkarouted.connector.metadata.AdminSettings;
import io.github.kafkarouted.connector.producer.DelegationTokens;
import io.github.kafkarouted.connector.quality.ErrorBudget;
import io.github.kafkarouted.connector.quality.RuleTable;
import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.TopicPolicy;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueFormat;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * Everything an executor needs to write, fully resolved on the driver: the output expressions
 * (bound to the input's attributes and compiled once per writer), the route table, the unmatched
 * policy and the producer settings. Immutable and serializable; never holds Spark's
 * case-insensitive options map (which is not serializable).
 *
 * <p>The output expressions have a fixed layout: the record fields of {@link RecordLayout}, then
 * one condition per route from {@link #whenOrdinal}, then one topic expression per route from
 * {@link #topicExprOrdinal}, then one condition per data-quality rule from {@link #ruleOrdinal}. With a {@link #valueFormat()}, the input attributes end with the
 * decoded value (the {@code data} column that route expressions read), which the writer appends
 * to each row after decoding its value; record fields never read it.
 */
public final class WriterSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final int FIRST_ROUTE_FIELD = RecordLayout.FIELDS;

  private final Expression[] outputExpressions;
  private final Attribute[] inputAttributes;
  private final RouteTable routeTable;
  private final RuleTable ruleTable;
  private final ErrorBudget errorBudget;
  private final UnmatchedPolicy unmatchedPolicy;
  private final TreeMap<String, String> producerSettings;
  private final int maxRequestSize;
  private final DeadLetterSpec deadLetters;
  private final ValueFormat valueFormat;
  private final DecodedFields decodedFields;
  private final boolean idempotencyKeys;
  private final ExactlyOnce exactlyOnce;
  private final ComputedTopics computedTopics;
  private final TopicPolicy topicPolicy;
  private final String description;

  WriterSpec(
      Expression[] outputExpressions,
      Attribute[] inputAttributes,
      RouteTable routeTable,
      RuleTable ruleTable,
      ErrorBudget errorBudget,
      UnmatchedPolicy unmatchedPolicy,
      Map<String, String> producerSettings,
      int maxRequestSize,
      DeadLetterSpec deadLetters,
      ValueFormat valueFormat,
      DecodedFields decodedFields,
      boolean idempotencyKeys,
      ExactlyOnce exactlyOnce,
      ComputedTopics computedTopics,
      TopicPolicy topicPolicy,
      String description) {
    this.outputExpressions = outputExpressions.clone();
    this.inputAttributes = inputAttributes.clone();
    this.routeTable = routeTable;
    this.ruleTable = ruleTable;
    this.errorBudget = errorBudget;
    this.unmatchedPolicy = unmatchedPolicy;
    this.producerSettings = new TreeMap<>(producerSettings);
    this.maxRequestSize = maxRequestSize;
    this.deadLetters = deadLetters;
    this.valueFormat = valueFormat;
    this.decodedFields = decodedFields;
    this.idempotencyKeys = idempotencyKeys;
    this.exactlyOnce = exactlyOnce;
    this.computedTopics = computedTopics;
    this.topicPolicy = topicPolicy;
    this.description = description;
  }

  /**
   * This spec for the streaming query {@code queryId}: with exactly-once, its tasks' transactional
   * ids and commit markers are the query's, one per source Kafka partition.
   */
  public WriterSpec forStreamingWrite(String queryId) {
    return exactlyOnce == null ? this : copy(exactlyOnce.forStreamingWrite(queryId), computedTopics);
  }

  /** As {@link #forStreamingWrite}, for the batch write {@code writeId}: one per Spark partition. */
  public WriterSpec forBatchWrite(String writeId) {
    return exactlyOnce == null ? this : copy(exactlyOnce.forBatchWrite(writeId), computedTopics);
  }

  /** This spec, with writers checking computed topics as {@code computedTopics} says. */
  public WriterSpec withComputedTopics(ComputedTopics computedTopics) {
    return copy(exactlyOnce, computedTopics);
  }

  private WriterSpec copy(ExactlyOnce exactlyOnce, ComputedTopics computedTopics) {
    return new WriterSpec(
        outputExpressions,
        inputAttributes,
        routeTable,
        ruleTable,
        errorBudget,
        unmatchedPolicy,
        producerSettings,
        maxRequestSize,
        deadLetters,
        valueFormat,
        decodedFields,
        idempotencyKeys,
        exactlyOnce,
        computedTopics,
        topicPolicy,
        description);
  }

  /** How writers check the topics computed per row before sending to them. */
  public ComputedTopics computedTopics() {
    return computedTopics;
  }

  /** The topics no computed topic may name (internal ones, the DLQ). */
  public TopicPolicy topicPolicy() {
    return topicPolicy;
  }

  /**
   * Connection settings for an Admin client of the route cluster, with the login of Spark's Kafka
   * delegation token if there is one (as the producers get it). Read once per task on the
   * executor, so a renewed token reaches the next task, and never per row.
   */
  public Map<String, Object> adminConfig() {
    return DelegationTokens.forExecutor(AdminSettings.fromProducerSettings(producerSettings, 15_000));
  }

  public int whenOrdinal(int route) {
    return FIRST_ROUTE_FIELD + route;
  }

  public int topicExprOrdinal(int route) {
    return FIRST_ROUTE_FIELD + routeTable.routeCount() + route;
  }

  /** The ordinal of data-quality rule {@code rule}'s condition: after the routes' fields. */
  public int ruleOrdinal(int rule) {
    return FIRST_ROUTE_FIELD + 2 * routeTable.routeCount() + rule;
  }

  /** The error budget the driver judges each batch by when it commits. */
  public ErrorBudget errorBudget() {
    return errorBudget;
  }

  /** The data-quality rules ({@code validation.rule.*}). */
  public RuleTable ruleTable() {
    return ruleTable;
  }

  public Expression[] outputExpressions() {
    return outputExpressions.clone();
  }

  public Attribute[] inputAttributes() {
    return inputAttributes.clone();
  }

  public RouteTable routeTable() {
    return routeTable;
  }

  public UnmatchedPolicy unmatchedPolicy() {
    return unmatchedPolicy;
  }

  /** Producer settings without serializers (the pool adds byte-array serializers). */
  public Map<String, String> producerSettings() {
    return producerSettings;
  }

  /** The route producer's max.request.size: larger records are dead letters before sending. */
  public int maxRequestSize() {
    return maxRequestSize;
  }

  /** The dead-letter settings, or null: bad records fail the task. */
  public DeadLetterSpec deadLetters() {
    return deadLetters;
  }

  /** The format of validation.schema, or null: values are then neither validated nor decoded. */
  public ValueFormat valueFormat() {
    return valueFormat;
  }

  /** The fields of the decoded value that route expressions read. */
  public DecodedFields decodedFields() {
    return decodedFields;
  }

  public boolean idempotencyKeys() {
    return idempotencyKeys;
  }

  /**
   * The exactly-once settings ({@code delivery.guarantee=exactly-once}; the write id is resolved by
   * the driver for each write), or null: at-least-once.
   */
  public ExactlyOnce exactlyOnce() {
    return exactlyOnce;
  }

  /** What the sink writes, for plans and the streaming progress; holds no secrets. */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
