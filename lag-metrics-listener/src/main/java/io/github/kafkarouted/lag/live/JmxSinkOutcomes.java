package io.github.kafkarouted.lag.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads the kafka-routed sink's live counters from JMX ({@code
 * io.github.kafkarouted:type=SinkOutcomes,query_id=...,run_id=...}, attribute {@code Totals}, a map
 * of counts): the contract between the sink and this module, which do not depend on each other.
 *
 * <p>Stateless and thread-safe.
 */
public final class JmxSinkOutcomes {

  static final ObjectName SINK_OUTCOMES =
      JmxConsumerMetrics.name("io.github.kafkarouted:type=SinkOutcomes,*");

  private final MBeanServer server;

  public JmxSinkOutcomes(MBeanServer server) {
    this.server = server;
  }

  /** One sample per query run with counters in this JVM. */
  public List<SinkOutcomeSample> read() {
    List<SinkOutcomeSample> samples = new ArrayList<>();
    for (ObjectName n : server.queryNames(SINK_OUTCOMES, null)) {
      String queryId = n.getKeyProperty("query_id");
      String runId = n.getKeyProperty("run_id");
      try {
        if (queryId != null && runId != null
            && server.getAttribute(n, "Totals") instanceof Map<?, ?> totals) {
          Map<String, Long> counts = new HashMap<>();
          totals.forEach(
              (k, v) -> {
                if (k instanceof String name && v instanceof Number count) {
                  counts.put(name, count.longValue());
                }
              });
          samples.add(new SinkOutcomeSample(queryId, runId, counts));
        }
      } catch (JMException e) {
        // Removed meanwhile.
      }
    }
    return samples;
  }
}
