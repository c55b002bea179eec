package io.github.kafkarouted.connector.config;

/**
 * One {@code route.<n>.*} group as the user wrote it: exactly one of a literal topic or a topic
 * expression, and an optional condition (null means "always").
 */
public record RouteOption(int number, String topic, String topicExpr, String when) {

  /** The option key of this route's field, for error messages: {@code route.<n>.<field>}. */
  public String key(String field) {
    return SinkOptions.ROUTE_PREFIX + number + "." + field;
  }

  /** The option that names this route's topic (literal or expression). */
  public String topicKey() {
    return key(topic != null ? SinkOptions.ROUTE_TOPIC_SUFFIX : SinkOptions.ROUTE_TOPIC_EXPR_SUFFIX);
  }

  public boolean hasLiteralTopic() {
    return topic != null;
  }
}
