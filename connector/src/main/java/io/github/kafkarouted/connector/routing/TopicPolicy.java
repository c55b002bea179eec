package io.github.kafkarouted.connector.routing;

import java.io.Serializable;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which topics the sink may write records to. Literal topics are checked once at start; topics
 * computed per row (a {@code route.<n>.topicExpr}, the {@code topic} column) are checked per row,
 * so that the data cannot choose a topic it must never reach:
 *
 * <ul>
 *   <li>an internal topic (a name starting with {@code __}, the prefix Kafka reserves for its own:
 *       {@code __consumer_offsets}, {@code __transaction_state}, ...);
 *   <li>a dead-letter topic: the DLQ must only ever hold dead letters, each with its reason.
 * </ul>
 *
 * Immutable, serializable (executors get it in the writer spec), no Spark imports.
 */
public final class TopicPolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The prefix of Kafka's internal topics. */
  public static final String INTERNAL_PREFIX = "__";

  private final TreeSet<String> deadLetterTopics;

  /** @param deadLetterTopics the topics dead letters go to (none without {@code dlq.topic}) */
  public TopicPolicy(Set<String> deadLetterTopics) {
    this.deadLetterTopics = new TreeSet<>(deadLetterTopics);
  }

  /** Why no record may ever be written to {@code topic} (whoever names it), or null. */
  public static String reservedProblem(String topic) {
    if (topic.startsWith(INTERNAL_PREFIX)) {
      return "'"
          + topic
          + "' is an internal topic: names starting with '"
          + INTERNAL_PREFIX
          + "' are reserved for Kafka's own topics (__consumer_offsets, __transaction_state, ...),"
          + " which the sink never writes.";
    }
    return null;
  }

  /** Why a record computed per row must not go to {@code topic}, or null if it may. */
  public String computedTopicProblem(String topic) {
    String reserved = reservedProblem(topic);
    if (reserved != null) {
      return reserved;
    }
    if (deadLetterTopics.contains(topic)) {
      return "'"
          + topic
          + "' is the dead-letter topic, which holds dead letters only; a record cannot be routed"
          + " there.";
    }
    return null;
  }
}
