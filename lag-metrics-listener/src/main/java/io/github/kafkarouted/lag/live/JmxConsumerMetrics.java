package io.github.kafkarouted.lag.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads the per-partition fetch metrics of every Kafka consumer in this JVM from JMX, where
 * kafka-clients publishes them by default ({@code JmxReporter}): no change to the consumers'
 * settings. Spark's Kafka source creates its executor consumers without a {@code client.id} and
 * assigns each one partition, so every partition a task reads appears under its consumer's client
 * id.
 *
 * <p>Stateless and thread-safe.
 */
public final class JmxConsumerMetrics {

  static final ObjectName PARTITION_METRICS =
      name("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*,topic=*,partition=*");
  static final ObjectName CONSUMER_METRICS = name("kafka.consumer:type=consumer-metrics,client-id=*");
  static final String RECORDS_LEAD = "records-lead";
  static final String RECORDS_LAG = "records-lag";
  static final String LAST_POLL_SECONDS_AGO = "last-poll-seconds-ago";

  private final MBeanServer server;

  public JmxConsumerMetrics(MBeanServer server) {
    this.server = server;
  }

  /**
   * One sample per (consumer, partition) that has reported its lead so far. Consumers that close
   * while this runs are skipped.
   */
  public List<ConsumerPartitionSample> read() {
    Map<String, Integer> lastPoll = lastPollSecondsAgo();
    List<ConsumerPartitionSample> samples = new ArrayList<>();
    for (ObjectName n : server.queryNames(PARTITION_METRICS, null)) {
      try {
        AttributeList values = server.getAttributes(n, new String[] {RECORDS_LEAD, RECORDS_LAG});
        double lead = Double.NaN;
        double lag = Double.NaN;
        for (Attribute a : values.asList()) {
          if (RECORDS_LEAD.equals(a.getName())) {
            lead = number(a.getValue());
          } else if (RECORDS_LAG.equals(a.getName())) {
            lag = number(a.getValue());
          }
        }
        if (Double.isNaN(lead) || lead < 0) {
          continue; // Not fetched yet: nothing known about its position.
        }
        String clientId = tag(n, "client-id");
        samples.add(
            new ConsumerPartitionSample(
                clientId,
                tag(n, "topic"),
                Integer.parseInt(tag(n, "partition")),
                (long) lead,
                Double.isNaN(lag) ? -1 : (long) lag,
                lastPoll.getOrDefault(clientId, -1)));
      } catch (JMException | NumberFormatException e) {
        // The consumer closed between the query and the read, or a foreign bean: skip it.
      }
    }
    return samples;
  }

  private Map<String, Integer> lastPollSecondsAgo() {
    Map<String, Integer> byClient = new HashMap<>();
    Set<ObjectName> names = server.queryNames(CONSUMER_METRICS, null);
    for (ObjectName n : names) {
      try {
        double v = number(server.getAttribute(n, LAST_POLL_SECONDS_AGO));
        if (!Double.isNaN(v)) {
          byClient.put(tag(n, "client-id"), (int) v);
        }
      } catch (JMException e) {
        // Closed meanwhile.
      }
    }
    return byClient;
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** A key property, unquoted: Kafka's JmxReporter quotes values holding JMX's special chars. */
  private static String tag(ObjectName n, String key) {
    String v = n.getKeyProperty(key);
    return v != null && v.startsWith("\"") ? ObjectName.unquote(v) : v;
  }

  /** An object name (pattern) written in this module, so never malformed. */
  static ObjectName name(String pattern) {
    try {
      return new ObjectName(pattern);
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }
}
