package io.github.kafkarouted.connector.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackLoopCheckTest {

  @Test
  void findsTheTopicInEachWayTheKafkaSourceNamesTopics() {
    assertEquals("subscribe=a, dlq", FeedbackLoopCheck.readsTopic(Map.of("subscribe", "a, dlq"), "dlq"));
    assertEquals("subscribePattern=d.q", FeedbackLoopCheck.readsTopic(Map.of("subscribepattern", "d.q"), "dlq"));
    assertEquals("assign={\"a\":[0],\"dlq\":[0,1]}",
        FeedbackLoopCheck.readsTopic(Map.of("assign", "{\"a\":[0],\"dlq\":[0,1]}"), "dlq"));
  }

  @Test
  void otherTopicsAreNotALoop() {
    assertNull(FeedbackLoopCheck.readsTopic(Map.of("subscribe", "a,dlq2"), "dlq"));
    assertNull(FeedbackLoopCheck.readsTopic(Map.of("subscribepattern", "dlq.+"), "dlq"), "the pattern must match whole");
    assertNull(FeedbackLoopCheck.readsTopic(Map.of("assign", "{\"xdlq\":[0]}"), "dlq"));
    assertNull(FeedbackLoopCheck.readsTopic(Map.of("subscribepattern", "("), "dlq"), "an invalid pattern is Spark's to refuse");
  }
}
