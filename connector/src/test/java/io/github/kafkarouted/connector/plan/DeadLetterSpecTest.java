package io.github.kafkarouted.connector.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.writer.KafkaDeadLetterWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DeadLetterSpecTest {

  private static DeadLetterSpec spec(EnumMap<DeadLetterReason, String> byReason) {
    return new DeadLetterSpec(
        "events-dlq", byReason, HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false,
        new TreeMap<>(Map.of("bootstrap.servers", "b:9092")), 1 << 20, null, null, null);
  }

  @Test
  void everyDlqTopicIsNamedByItsOption() {
    EnumMap<DeadLetterReason, String> byReason = new EnumMap<>(DeadLetterReason.class);
    byReason.put(DeadLetterReason.RECORD_TOO_LARGE, "events-oversize");
    byReason.put(DeadLetterReason.SCHEMA_INVALID, "events-dlq");
    Map<String, String> topics = FeedbackLoopCheck.topicOptions(spec(byReason));
    assertEquals(List.of("events-dlq", "events-oversize"), List.copyOf(topics.keySet()));
    assertEquals("dlq.topic.RECORD_TOO_LARGE", topics.get("events-oversize"));
  }

  @Test
  void theOpenedKafkaWriterUsesTheTopicOfEachReason() {
    EnumMap<DeadLetterReason, String> byReason = new EnumMap<>(DeadLetterReason.class);
    byReason.put(DeadLetterReason.RECORD_TOO_LARGE, "events-oversize");
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
    DeadLetterSpec.OpenedWriters opened = spec(byReason).open(producer, "q", 0, 0, 0);
    assertTrue(opened.writer() instanceof KafkaDeadLetterWriter);
    KafkaDeadLetterWriter writer = (KafkaDeadLetterWriter) opened.writer();
    assertEquals("events-oversize", writer.topicOf(DeadLetterReason.RECORD_TOO_LARGE));
    assertEquals("events-dlq", writer.topicOf(DeadLetterReason.NO_ROUTE));
  }
}
