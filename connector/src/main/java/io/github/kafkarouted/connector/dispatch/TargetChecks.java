package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.TopicPolicy;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.internals.Topic;

/**
 * Checks a record's target before it is sent, so that a problem of the data becomes a dead letter
 * at once instead of a producer failure after {@code max.block.ms}: a topic computed for the row
 * (a legal name, one no record may go to, one the cluster cannot write) and an explicit partition
 * (it must exist). Literal topics were checked on the driver. Usable computed topics are
 * remembered, so the common case costs one set lookup. Messages are built only for a refusal.
 *
 * <p>One per dispatcher; not thread-safe.
 */
final class TargetChecks {

  /** Computed topic names remembered as usable; beyond this many they are checked every time. */
  private static final int MAX_CHECKED_TOPICS = 10_000;

  private final RouteTable routes;
  private final Producer<byte[], byte[]> producer;
  private final TopicExistence topicExistence;
  private final TopicPolicy topicPolicy;
  private final Set<String> checkedTopics = new HashSet<>();
  private final Map<String, Integer> partitionCounts = new HashMap<>();

  /**
   * @param topicExistence tells whether records can be sent to a computed topic (it exists, or the
   *     brokers will create it); null to leave it to the producer
   * @param topicPolicy the topics no computed topic may name
   */
  TargetChecks(
      RouteTable routes,
      Producer<byte[], byte[]> producer,
      TopicExistence topicExistence,
      TopicPolicy topicPolicy) {
    this.routes = routes;
    this.producer = producer;
    this.topicExistence = topicExistence;
    this.topicPolicy = topicPolicy;
  }

  /** Null if a record of route {@code route} may be sent to {@code topic} and {@code partition}. */
  Refusal check(String topic, int route, Integer partition) {
    if (routes.literalTopic(route) == null && !checkedTopics.contains(topic)) {
      Refusal refusal = computedTopic(topic, route);
      if (refusal != null) {
        return refusal;
      }
    }
    String badPartition = partitionProblem(topic, partition);
    return badPartition == null ? null : new Refusal(DeadLetterReason.INVALID_RECORD, badPartition);
  }

  private Refusal computedTopic(String topic, int route) {
    String source = routes.topicSource(route);
    if (topic == null || topic.isEmpty()) {
      return new Refusal(
          DeadLetterReason.INVALID_RECORD,
          route == routes.defaultRouteIndex()
              ? "null topic present in the data. Use the topic option for setting a default topic."
              : "The topic expression '" + source + "' gave a null or empty topic.");
    }
    try {
      Topic.validate(topic);
    } catch (RuntimeException e) {
      return new Refusal(DeadLetterReason.INVALID_RECORD, "Illegal topic name from " + source + ": " + e.getMessage());
    }
    String notAllowed = topicPolicy.computedTopicProblem(topic);
    if (notAllowed != null) {
      return new Refusal(DeadLetterReason.TOPIC_NOT_ALLOWED, "Topic from " + source + ": " + notAllowed);
    }
    Refusal missing = topicExistence == null ? null : topicExistence.check(topic);
    if (missing != null) {
      return new Refusal(missing.reason(), "Topic '" + topic + "' (from " + source + ") " + missing.message());
    }
    if (checkedTopics.size() < MAX_CHECKED_TOPICS) {
      checkedTopics.add(topic);
    }
    return null;
  }

  /**
   * Null if {@code partition} exists in {@code topic}, else why not. The producer would wait
   * max.block.ms for a partition that does not exist, and then fail the task: decide up front,
   * from the producer's own metadata (refreshed once when a partition looks out of range, in case
   * partitions were added).
   */
  private String partitionProblem(String topic, Integer partition) {
    if (partition == null) {
      return null;
    }
    if (partition < 0) {
      return "Partition " + partition + " is negative.";
    }
    Integer count = partitionCounts.get(topic);
    if (count == null || partition >= count) {
      count = producer.partitionsFor(topic).size();
      partitionCounts.put(topic, count);
    }
    return partition < count
        ? null
        : "Partition " + partition + " is out of range: topic '" + topic + "' has " + count + " partitions.";
  }
}
