package io.github.kafkarouted.connector.routing;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicPolicyTest {

  private final TopicPolicy policy = new TopicPolicy(Set.of("orders-dlq"));

  @Test
  void internalTopicsAndTheDlqAreNeverAComputedTopic() {
    assertTrue(policy.computedTopicProblem("__consumer_offsets").contains("internal"));
    assertTrue(policy.computedTopicProblem("__transaction_state").contains("internal"));
    assertTrue(policy.computedTopicProblem("__x").contains("internal"));
    assertTrue(policy.computedTopicProblem("orders-dlq").contains("dead-letter topic"));
  }

  @Test
  void otherTopicsAreAllowed() {
    assertNull(policy.computedTopicProblem("orders"));
    assertNull(policy.computedTopicProblem("_schemas"), "one underscore is not Kafka's prefix");
    assertNull(policy.computedTopicProblem("orders-dlq2"));
    assertNull(TopicPolicy.reservedProblem("orders-dlq"), "the DLQ is reserved only for computed topics");
  }
}
