package io.github.kafkarouted.connector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** {@code dlq.topic.<REASON>}: parsed by reason, refused by option name. */
class DlqTopicOptionsTest {

  private static Map<String, String> with(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", "localhost:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static void assertRefused(Map<String, String> options, String... fragments) {
    String message = assertThrows(ConfigException.class, () -> SinkConf.parse(options)).getMessage();
    for (String f : fragments) {
      assertTrue(message.contains(f), "expected '" + f + "' in: " + message);
    }
  }

  @Test
  void aReasonGetsItsOwnTopicAndEveryDlqTopicIsNamedByItsOption() {
    SinkConf conf =
        SinkConf.parse(
            with(
                "dlq.topic", "events-dlq",
                "dlq.topic.RECORD_TOO_LARGE", " events-oversize ",
                "dlq.topic.SCHEMA_INVALID", "events-invalid"));
    assertEquals(
        Map.of(DeadLetterReason.RECORD_TOO_LARGE, "events-oversize", DeadLetterReason.SCHEMA_INVALID, "events-invalid"),
        conf.dlqTopicsByReason());
    assertEquals(List.of("events-dlq", "events-invalid", "events-oversize"), List.copyOf(conf.dlqTopicOptions().keySet()));
    assertEquals("dlq.topic.RECORD_TOO_LARGE", conf.dlqTopicOptions().get("events-oversize"));
    assertEquals("dlq.topic", conf.dlqTopicOptions().get("events-dlq"));
  }

  @Test
  void withoutPerReasonTopicsOnlyDlqTopic() {
    SinkConf conf = SinkConf.parse(with("dlq.topic", "events-dlq"));
    assertTrue(conf.dlqTopicsByReason().isEmpty());
    assertEquals(Map.of("events-dlq", "dlq.topic"), conf.dlqTopicOptions());
    assertTrue(SinkConf.parse(with()).dlqTopicOptions().isEmpty());
  }

  @Test
  void theReasonIsMatchedInAnyCaseAsSparkOptionsAre() {
    SinkConf conf = SinkConf.parse(with("dlq.topic", "d", "DLQ.TOPIC.record_too_large", "big"));
    assertEquals(Map.of(DeadLetterReason.RECORD_TOO_LARGE, "big"), conf.dlqTopicsByReason());
  }

  @Test
  void aMisspeltReasonIsRefusedNamingTheOptionNotTakenForATypoOfDlqTopic() {
    assertRefused(
        with("dlq.topic", "d", "dlq.topic.SCHEMA_INVLID", "x"),
        "dlq.topic.SCHEMA_INVLID",
        "Unknown dead-letter reason 'SCHEMA_INVLID'",
        "Did you mean 'dlq.topic.SCHEMA_INVALID'");
    assertRefused(with("dlq.topic", "d", "dlq.topic.WHATEVER", "x"), "dlq.topic.WHATEVER", "RECORD_TOO_LARGE");
    assertRefused(with("dlq.topic", "d", "dlq.topic.NO_ROUTE.x", "x"), "dlq.topic.NO_ROUTE.x", "dlq.topic.<REASON>");
  }

  @Test
  void aMisspeltPrefixSuggestsThePerReasonOption() {
    assertRefused(with("dlq.topic", "d", "dlq.topik.NO_ROUTE", "x"), "dlq.topik.NO_ROUTE", "Did you mean 'dlq.topic.NO_ROUTE'");
  }

  @Test
  void aBadTopicNameIsRefusedNamingTheOption() {
    assertRefused(with("dlq.topic", "d", "dlq.topic.NO_ROUTE", "bad topic"), "dlq.topic.NO_ROUTE", "bad topic");
    assertRefused(with("dlq.topic", "d", "dlq.topic.NO_ROUTE", " "), "dlq.topic.NO_ROUTE");
    assertRefused(with("dlq.topic", "d", "dlq.topic.NO_ROUTE", "__consumer_offsets"), "dlq.topic.NO_ROUTE", "internal topic");
  }

  @Test
  void aPerReasonTopicNeedsDlqTopic() {
    assertRefused(with("dlq.topic.RECORD_TOO_LARGE", "big"), "dlq.topic.RECORD_TOO_LARGE", "needs 'dlq.topic' too");
    assertRefused(
        with("dlq.topic.RECORD_TOO_LARGE", "big", "dlq.delta.path", "/tmp/dl"), "dlq.topic.RECORD_TOO_LARGE", "dlq.topic");
  }

  @Test
  void theSameReasonTwiceIsRefused() {
    assertRefused(with("dlq.topic", "d", "dlq.topic.NO_ROUTE", "a", "dlq.topic.no_route", "b"), "set twice");
  }

  @Test
  void aPerReasonTopicIsNeverARouteOrTheDefaultTopic() {
    assertRefused(
        with("dlq.topic", "d", "dlq.topic.NO_ROUTE", "urgent", "route.1.topic", "urgent", "route.1.when", "true"),
        "dlq.topic.NO_ROUTE",
        "route.1.topic");
    assertRefused(with("dlq.topic", "d", "dlq.topic.NO_ROUTE", "standard", "topic", "standard"), "dlq.topic.NO_ROUTE", "default 'topic'");
    assertRefused(with("dlq.topic", "standard", "topic", "standard"), "dlq.topic", "default 'topic'");
  }
}
