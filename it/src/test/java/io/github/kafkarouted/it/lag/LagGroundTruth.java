package io.github.kafkarouted.it.lag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * What the lag listener is checked against, read independently of it: the broker's end offsets
 * and consumer-group offsets through an Admin client, and a query's positions from the offset JSON
 * of its own progress (parsed here, not with the listener's parser). Offsets are keyed by
 * partition number, for one topic.
 *
 * <p>Stateless and thread-safe.
 */
public final class LagGroundTruth {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LagGroundTruth() {}

  /** The broker's end offset of every partition of {@code topic}. */
  public static Map<Integer, Long> endOffsets(Admin admin, String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResultInfo> result =
        get(admin.listOffsets(request).all(), "listOffsets(" + topic + ")");
    Map<Integer, Long> offsets = new TreeMap<>();
    result.forEach((tp, info) -> offsets.put(tp.partition(), info.offset()));
    return offsets;
  }

  /** Offsets of {@code topic} committed to consumer group {@code group}; empty if none. */
  public static Map<Integer, Long> groupOffsets(Admin admin, String group, String topic) {
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
            "listConsumerGroupOffsets(" + group + ")");
    Map<Integer, Long> offsets = new TreeMap<>();
    committed.forEach(
        (tp, om) -> {
          if (tp.topic().equals(topic) && om != null) {
            offsets.put(tp.partition(), om.offset());
          }
        });
    return offsets;
  }

  /** The query's position after this batch: its only source's {@code endOffset}, for one topic. */
  public static Map<Integer, Long> endOffsetsOf(StreamingQueryProgress progress, String topic) {
    return offsetsOf(progress.sources()[0].endOffset(), topic);
  }

  /** The {@code latestOffset} the source saw when planning this batch, for one topic. */
  public static Map<Integer, Long> latestOffsetsOf(StreamingQueryProgress progress, String topic) {
    return offsetsOf(progress.sources()[0].latestOffset(), topic);
  }

  /** Parses Spark's Kafka offset JSON, {@code {"topic":{"0":12,"1":34}}}. */
  public static Map<Integer, Long> offsetsOf(String json, String topic) {
    try {
      JsonNode byPartition = JSON.readTree(json).get(topic);
      if (byPartition == null) {
        throw new IllegalArgumentException("no topic " + topic + " in " + json);
      }
      Map<Integer, Long> offsets = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = byPartition.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
      }
      return offsets;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable offsets " + json, e);
    }
  }

  /** {@code end - position} for each partition of {@code position}. */
  public static Map<Integer, Long> lag(Map<Integer, Long> end, Map<Integer, Long> position) {
    Map<Integer, Long> lag = new TreeMap<>();
    position.forEach((p, pos) -> lag.put(p, end.get(p) - pos));
    return lag;
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(what + " failed", e);
    }
  }
}
