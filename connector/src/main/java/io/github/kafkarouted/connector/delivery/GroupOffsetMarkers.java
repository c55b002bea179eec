package io.github.kafkarouted.connector.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * {@link CommitMarkers} read with an Admin client: the committed offset of the slot's marker group
 * on partition 0 of the marker topic, asked with {@code requireStable} so that the
 * broker answers only once no transaction that commits such an offset is pending (it would answer
 * "unstable", and the client retries until the timeout). Thread-safe.
 */
public final class GroupOffsetMarkers implements CommitMarkers, AutoCloseable {

  private final Admin admin;
  private final long timeoutMs;

  public GroupOffsetMarkers(Admin admin, long timeoutMs) {
    this.admin = admin;
    this.timeoutMs = timeoutMs;
  }

  /** An Admin client of its own, closed by {@link #close()}. */
  public static GroupOffsetMarkers create(Map<String, Object> adminConfig, long timeoutMs) {
    return new GroupOffsetMarkers(Admin.create(adminConfig), timeoutMs);
  }

  @Override
  public CommitMarker read(ExactlyOnce write, String slot) {
    TopicPartition marker = new TopicPartition(write.markerTopic(), 0);
    String group = write.markerGroup(slot);
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(
                  Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(marker))),
                  new ListConsumerGroupOffsetsOptions().requireStable(true))
              .partitionsToOffsetAndMetadata(group)
              .get(timeoutMs, TimeUnit.MILLISECONDS);
      OffsetAndMetadata committed = offsets.get(marker);
      return committed == null ? null : CommitMarker.parse(committed.metadata());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return null;
      }
      throw new KafkaException(
          "Reading the exactly-once commit marker of " + slot + " (group " + group
              + ", topic " + write.markerTopic() + ") failed", e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException(
          "Reading the exactly-once commit marker of " + slot + " (group " + group
              + ") timed out after " + timeoutMs + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted reading an exactly-once commit marker", e);
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
