package io.github.kafkarouted.lag.offsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSourceOptionsTest {

  @Test
  void subscribeListsTopics() {
    KafkaSourceOptions s = KafkaSourceOptions.of(Map.of("subscribe", "a, b"));

    assertTrue(s.reads("a"));
    assertTrue(s.reads("b"));
    assertFalse(s.reads("c"));
  }

  @Test
  void subscribePatternMatchesWholeNames() {
    KafkaSourceOptions s = KafkaSourceOptions.of(Map.of("subscribePattern", "orders-.*"));

    assertTrue(s.reads("orders-eu"));
    assertFalse(s.reads("old-orders-eu"));
  }

  @Test
  void assignNamesTopics() {
    KafkaSourceOptions s = KafkaSourceOptions.of(Map.of("assign", "{\"a\":[0,1],\"b\":[2]}"));

    assertTrue(s.reads("a"));
    assertTrue(s.reads("b"));
    assertFalse(s.reads("c"));
  }

  @Test
  void toStringRedactsSecrets() {
    KafkaSourceOptions s =
        KafkaSourceOptions.of(
            Map.of("subscribe", "a", "kafka.sasl.jaas.config", "x password=\"s3cr3t\";"));

    assertFalse(s.toString().contains("s3cr3t"), s.toString());
  }
}
