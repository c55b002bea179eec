package io.github.kafkarouted.it.demo;

import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's topics: their names, their creation, and the end offsets at which this run starts.
 * Existing topics (on an external cluster, from an earlier run) are reused: the query and the
 * monitor start at the offsets read before the generator starts, so earlier records never count.
 *
 * <p>Stateless and thread-safe.
 */
public final class DemoTopics {
  public static final String SOURCE = "events";
  public static final String URGENT = "urgent-events";
  public static final String ERROR = "error-events";
  public static final String STANDARD = "standard-events";
  public static final String DEAD_LETTERS = "events-dlq";

  /** Every topic the demo reads or writes, source first. */
  public static final List<String> ALL = List.of(SOURCE, URGENT, ERROR, STANDARD, DEAD_LETTERS);

  /** Partitions of each output topic (any number works; the sink uses Kafka's partitioner). */
  static final int OUTPUT_PARTITIONS = 2;

  private static final long TIMEOUT_MS = 30_000;

  private DemoTopics() {}

  /**
   * Creates the topics that do not exist yet: {@link #SOURCE} with {@code sourcePartitions}, the
   * outputs with {@link #OUTPUT_PARTITIONS}. Returns the partition count of {@link #SOURCE}, which
   * may differ from {@code sourcePartitions} if it already existed.
   */
  static int createMissing(KafkaTestCluster kafka, int sourcePartitions) {
    Set<String> existing = listTopics(kafka.admin());
    for (String topic : ALL) {
      if (!existing.contains(topic)) {
        kafka.createTopic(topic, SOURCE.equals(topic) ? sourcePartitions : OUTPUT_PARTITIONS);
      }
    }
    return kafka.partitionCount(SOURCE);
  }

  /** The current end offset of every partition of every demo topic. */
  static Map<TopicPartition, Long> endOffsets(Admin admin) {
    try {
      Map<String, TopicDescription> descriptions =
          admin.describeTopics(ALL).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      descriptions.forEach(
          (topic, d) ->
              d.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> offsets.put(tp, info.offset()));
      return offsets;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not read the end offsets of " + ALL, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading end offsets", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("The cluster did not answer within " + TIMEOUT_MS + " ms", e);
    }
  }

  /**
   * Spark's {@code startingOffsets} JSON for {@code topic}, e.g. {@code {"events":{"0":12,"1":7}}}.
   */
  static String startingOffsetsJson(String topic, Map<TopicPartition, Long> offsets) {
    Map<Integer, Long> byPartition = new TreeMap<>();
    offsets.forEach(
        (tp, offset) -> {
          if (tp.topic().equals(topic)) {
            byPartition.put(tp.partition(), offset);
          }
        });
    StringBuilder json = new StringBuilder("{\"").append(topic).append("\":{");
    String sep = "";
    for (Map.Entry<Integer, Long> e : byPartition.entrySet()) {
      json.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
      sep = ",";
    }
    return json.append("}}").toString();
  }

  private static Set<String> listTopics(Admin admin) {
    try {
      return admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not list topics", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while listing topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("The cluster did not answer within " + TIMEOUT_MS + " ms", e);
    }
  }
}
