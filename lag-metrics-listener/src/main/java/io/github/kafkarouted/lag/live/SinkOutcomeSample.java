package io.github.kafkarouted.lag.live;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the kafka-routed sink's tasks of one query run did in one executor JVM so far, as its live
 * counters publish them over JMX ({@code io.github.kafkarouted:type=SinkOutcomes,...}): counts by
 * the names of the progress's {@code sink.metrics}.
 *
 * @param queryId the streaming query's id
 * @param runId the run's id
 * @param totals counts by metric name ({@code rowsIn}, {@code deadLetters.reason.<REASON>}, ...)
 */
public record SinkOutcomeSample(String queryId, String runId, Map<String, Long> totals)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public SinkOutcomeSample {
    totals = new TreeMap<>(totals); // Serializable, whatever map JMX returned.
  }
}
