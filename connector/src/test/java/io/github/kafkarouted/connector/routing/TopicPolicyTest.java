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

  @Test
  void withAnAllowListComputedTopicsMustMatchItWholeAndInternalAndDeadLetterTopicsStayRefused() {
    TopicPolicy policy = new TopicPolicy(java.util.Set.of("events-dlq"), java.util.regex.Pattern.compile("events-.*"));
    assertNull(policy.computedTopicProblem("events-eu"));
    assertTrue(policy.computedTopicProblem("orders-eu").contains("topic.allowed"));
    assertTrue(policy.computedTopicProblem("xevents-eu").contains("topic.allowed"), "whole-name match");
    assertTrue(policy.computedTopicProblem("events-dlq").contains("dead-letter topic"));
    assertTrue(new TopicPolicy(java.util.Set.of(), java.util.regex.Pattern.compile(".*"))
        .computedTopicProblem("__consumer_offsets").contains("internal topic"));
  }
}
