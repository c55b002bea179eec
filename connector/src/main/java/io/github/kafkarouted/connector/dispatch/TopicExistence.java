package io.github.kafkarouted.connector.dispatch;

/**
 * Tells whether records can be sent to a topic computed for a row (it exists, or the brokers will
 * create it on first use); may block for a lookup per new topic.
 */
@FunctionalInterface
public interface TopicExistence {

  /**
   * Null if records can be sent to {@code topic}, else why not; the message completes "Topic 'x'
   * (from route.n.topicExpr) ...".
   */
  Refusal check(String topic);
}
