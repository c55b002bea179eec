package io.github.kafkarouted.lag.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/**
 * Reads metrics published the way a Kafka consumer publishes them: kafka-clients' own {@link
 * Metrics} and {@link JmxReporter} under the {@code kafka.consumer} namespace.
 */
class JmxConsumerMetricsTest {

  @Test
  void readsLeadLagAndLastPollOfEveryConsumerPartition() {
    String client = "consumer-spark-kafka-source-1a2b-77-executor-3";
    try (Metrics metrics =
        new Metrics(
            new MetricConfig(),
            List.of(new JmxReporter()),
            Time.SYSTEM,
            new KafkaMetricsContext("kafka.consumer"))) {
      Map<String, String> partitionTags =
          Map.of("client-id", client, "topic", "orders_eu", "partition", "3");
      record(metrics, "records-lead", "consumer-fetch-manager-metrics", partitionTags, 1_234);
      record(metrics, "records-lag", "consumer-fetch-manager-metrics", partitionTags, 56);
      record(metrics, "last-poll-seconds-ago", "consumer-metrics", Map.of("client-id", client), 1);
      // A partition fetched by nobody yet has no lead: not a sample.
      record(
          metrics,
          "records-lag",
          "consumer-fetch-manager-metrics",
          Map.of("client-id", client, "topic", "orders_eu", "partition", "4"),
          9);

      List<ConsumerPartitionSample> samples =
          new JmxConsumerMetrics(ManagementFactory.getPlatformMBeanServer()).read();

      List<ConsumerPartitionSample> ours =
          samples.stream().filter(s -> s.clientId().equals(client)).toList();
      assertEquals(List.of(new ConsumerPartitionSample(client, "orders_eu", 3, 1_234, 56, 1)), ours);
      assertTrue(ours.get(0).fromGroup("spark-kafka-source-1a2b-77-executor"));
      assertEquals("orders_eu", ConsumerPartitionSample.topicTagOf("orders.eu"));
    }
  }

  private static void record(
      Metrics metrics, String name, String group, Map<String, String> tags, double value) {
    Sensor sensor = metrics.sensor(name + tags);
    sensor.add(new MetricName(name, group, "", tags), new Value());
    sensor.record(value);
  }
}
