package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.dlq.DeadLetterReason;

/**
 * Tells whether records can be sent to a topic computed for a row (it exists, or the brokers will
 * create it on first use); may block for a lookup per new topic.
 */
@FunctionalInterface
public interface TopicExistence {

  /** Null if records can be sent to {@code topic}, else why not. */
  Refusal check(String topic);

  /**
   * Why records cannot be sent to a topic: the dead-letter reason and what the cluster said,
   * completing "Topic 'x' (from route.n.topicExpr) ...".
   */
  record Refusal(DeadLetterReason reason, String detail) {}
}
