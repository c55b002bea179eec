package io.github.kafkarouted.lag.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ProgressOffsetParserTest {

  @Test
  void readsOffsetsOfEveryTopicAndPartition() {
    Map<TopicPartition, Long> offsets =
        ProgressOffsetParser.parseOffsets("{\"a\":{\"0\":123,\"1\":456},\"b-c.d\":{\"2\":7}}");

    assertEquals(
        Map.of(
            new TopicPartition("a", 0), 123L,
            new TopicPartition("a", 1), 456L,
            new TopicPartition("b-c.d", 2), 7L),
        offsets);
  }

  @Test
  void missingOffsetsGiveNothing() {
    assertTrue(ProgressOffsetParser.parseOffsets(null).isEmpty());
    assertTrue(ProgressOffsetParser.parseOffsets(" ").isEmpty());
  }

  @Test
  void latestAndEarliestMarkersAreNotPositions() {
    Map<TopicPartition, Long> offsets =
        ProgressOffsetParser.parseOffsets("{\"a\":{\"0\":-1,\"1\":-2,\"2\":5}}");

    assertEquals(Map.of(new TopicPartition("a", 2), 5L), offsets);
  }

  @Test
  void textThatIsNotOffsetJsonIsRefusedWithItsContent() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ProgressOffsetParser.parseOffsets("[1,2"));
    assertTrue(e.getMessage().contains("[1,2"), e.getMessage());

    assertThrows(
        IllegalArgumentException.class, () -> ProgressOffsetParser.parseOffsets("{\"a\":5}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ProgressOffsetParser.parseOffsets("{\"a\":{\"x\":5}}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ProgressOffsetParser.parseOffsets("{\"a\":{\"0\":\"five\"}}"));
  }

  @Test
  void recognisesTheKafkaSourceDescriptions() {
    assertTrue(ProgressOffsetParser.isKafkaSource("KafkaV2[Subscribe[topicA]]"));
    assertTrue(ProgressOffsetParser.isKafkaSource("KafkaV2[SubscribePattern[t.*]]"));
    assertTrue(ProgressOffsetParser.isKafkaSource("KafkaSourceV1[Assign[t-0]]"));
    assertTrue(ProgressOffsetParser.isKafkaSource("KafkaSource[Subscribe[t]]"));
    assertFalse(ProgressOffsetParser.isKafkaSource("RateStreamV2[rowsPerSecond=1]"));
    assertFalse(ProgressOffsetParser.isKafkaSource(null));
  }
}
