package io.github.kafkarouted.lag.live;

import java.io.Serializable;

/**
 * What one Kafka consumer in an executor JVM last reported about one partition it reads, as its
 * metrics publish it. Kafka records these at every fetch the consumer hands to the application,
 * empty fetches included, so a consumer that keeps polling keeps them fresh.
 *
 * @param clientId the consumer's {@code client.id}; Spark leaves it unset, so Kafka derives it
 *     from the group id: {@code consumer-<group.id>-<n>}
 * @param topicTag the topic as Kafka tags its metrics: dots replaced by underscores
 * @param partition the partition
 * @param lead {@code records-lead}: the consumer's position minus the partition's log start offset
 *     at the last fetch
 * @param lag {@code records-lag}: the partition's high watermark (or last stable offset for {@code
 *     read_committed}) minus the consumer's position at the last fetch; -1 if not reported
 * @param lastPollSecondsAgo the consumer's {@code last-poll-seconds-ago}: how long ago the
 *     application last polled it (a consumer idle in Spark's pool stops polling); -1 if unknown
 */
public record ConsumerPartitionSample(
    String clientId, String topicTag, int partition, long lead, long lag, int lastPollSecondsAgo)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The metric tag Kafka gives {@code topic}: Kafka replaces dots with underscores. */
  public static String topicTagOf(String topic) {
    return topic.replace('.', '_');
  }

  /** Whether this consumer belongs to consumer group {@code groupId} by Kafka's client id rule. */
  public boolean fromGroup(String groupId) {
    return clientId.startsWith("consumer-" + groupId + "-");
  }
}
