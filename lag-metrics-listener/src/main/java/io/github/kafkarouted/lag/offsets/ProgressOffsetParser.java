package io.github.kafkarouted.lag.offsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what Spark's Kafka source reports about itself: whether a source description belongs to
 * the Kafka source ({@code KafkaV2[Subscribe[t]]} for micro-batch and Real-Time Mode, {@code
 * KafkaSourceV1[...]} for the v1 fallback, {@code KafkaSource[...]} for continuous) and its offset
 * JSON {@code {"topic":{"0":123,"1":456}}} (next offset to read per partition).
 *
 * <p>Stateless and thread-safe.
 */
public final class ProgressOffsetParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProgressOffsetParser() {}

  /** True for the descriptions Spark's Kafka source gives itself in progress and plans. */
  public static boolean isKafkaSource(String description) {
    return description != null
        && (description.startsWith("KafkaV2[")
            || description.startsWith("KafkaSourceV1[")
            || description.startsWith("KafkaSource["));
  }

  /**
   * Offsets per partition from the Kafka source's offset JSON. Null or blank gives an empty map
   * (a first batch has no start offset). Negative values (Spark's -1 latest / -2 earliest markers)
   * are skipped: they are not positions.
   *
   * @throws IllegalArgumentException if the text is not the Kafka source's offset JSON
   */
  public static Map<TopicPartition, Long> parseOffsets(String json) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    if (json == null || json.isBlank()) {
      return offsets;
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not offset JSON: " + abbreviate(json), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("Offset JSON is not an object: " + abbreviate(json));
    }
    for (Map.Entry<String, JsonNode> topic : root.properties()) {
      if (!topic.getValue().isObject()) {
        throw new IllegalArgumentException(
            "Offsets of topic " + topic.getKey() + " are not an object: " + abbreviate(json));
      }
      for (Map.Entry<String, JsonNode> part : topic.getValue().properties()) {
        int partition = parsePartition(topic.getKey(), part.getKey(), json);
        if (!part.getValue().canConvertToLong()) {
          throw new IllegalArgumentException(
              "Offset of " + topic.getKey() + "-" + part.getKey() + " is not a number: "
                  + abbreviate(json));
        }
        long offset = part.getValue().asLong();
        if (offset >= 0) {
          offsets.put(new TopicPartition(topic.getKey(), partition), offset);
        }
      }
    }
    return offsets;
  }

  private static int parsePartition(String topic, String text, String json) {
    try {
      int partition = Integer.parseInt(text);
      if (partition < 0) {
        throw new NumberFormatException(text);
      }
      return partition;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Partition of topic " + topic + " is not a number: " + abbreviate(json), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
