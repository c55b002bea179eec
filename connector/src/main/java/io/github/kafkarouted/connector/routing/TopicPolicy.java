package io.github.kafkarouted.connector.routing;

import java.io.Serializable;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which topics the sink may write records to. Literal topics are checked once at start; topics
 * computed per row (a {@code route.<n>.topicExpr}, the {@code topic} column) are checked per row,
 * so that the data cannot choose a topic it must never reach:
 *
 * <ul>
 *   <li>an internal topic (a name starting with {@code __}, the prefix Kafka reserves for its own:
 *       {@code __consumer_offsets}, {@code __transaction_state}, ...);
 *   <li>a dead-letter topic: the DLQ must only ever hold dead letters, each with its reason;
 *   <li>with {@code topic.allowed}, any topic that the pattern does not match (whole name).
 * </ul>
 *
 * Immutable, serializable (executors get it in the writer spec), no Spark imports.
 */
public final class TopicPolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The prefix of Kafka's internal topics. */
  public static final String INTERNAL_PREFIX = "__";

  private final TreeSet<String> deadLetterTopics;
  private final Pattern allowed;

  /**
   * @param deadLetterTopics the topics dead letters go to: {@code dlq.topic} and every {@code
   *     dlq.topic.<REASON>} (none without {@code dlq.topic})
   */
  public TopicPolicy(Set<String> deadLetterTopics) {
    this(deadLetterTopics, null);
  }

  /**
   * @param allowed the pattern every computed topic must match as a whole ({@code topic.allowed}),
   *     or null for any
   */
  public TopicPolicy(Set<String> deadLetterTopics, Pattern allowed) {
    this.deadLetterTopics = new TreeSet<>(deadLetterTopics);
    this.allowed = allowed;
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
          + "' is a dead-letter topic, which holds dead letters only; a record cannot be routed"
          + " there.";
    }
    if (allowed != null && !allowed.matcher(topic).matches()) {
      return "'" + topic + "' does not match topic.allowed (" + allowed.pattern() + ").";
    }
    return null;
  }
}
