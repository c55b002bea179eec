package io.github.kafkarouted.connector.dispatch;

import java.util.HashMap;
import java.util.Map;

/**
 * What one writer did: every input row is counted into exactly one outcome (routed to at least one
 * topic, or dropped), and every record handed to the producer into its route and topic. Written
 * only by the writer's task thread; read after the writer's last row.
 */
public final class DispatchCounters {

  /** Distinct computed topics tracked by name; beyond that they are summed under {@link #OTHER}. */
  static final int MAX_TRACKED_TOPICS = 1000;

  public static final String OTHER = "<other>";

  private long rowsIn;
  private long rowsRouted;
  private long rowsDropped;
  private long recordsSent;
  private final long[] recordsByRoute;
  private final Map<String, long[]> recordsByTopic = new HashMap<>();

  public DispatchCounters(int routeSlots) {
    this.recordsByRoute = new long[routeSlots];
  }

  void recordRowIn() {
    rowsIn++;
  }

  void recordRowRouted() {
    rowsRouted++;
  }

  void recordRowDropped() {
    rowsDropped++;
  }

  void recordSent(int route, String topic) {
    recordsSent++;
    recordsByRoute[route]++;
    long[] perTopic = recordsByTopic.get(topic);
    if (perTopic == null) {
      String name = recordsByTopic.size() < MAX_TRACKED_TOPICS ? topic : OTHER;
      perTopic = recordsByTopic.computeIfAbsent(name, n -> new long[1]);
    }
    perTopic[0]++;
  }

  public long rowsIn() {
    return rowsIn;
  }

  public long rowsRouted() {
    return rowsRouted;
  }

  public long rowsDropped() {
    return rowsDropped;
  }

  public long recordsSent() {
    return recordsSent;
  }

  /** Records sent per route index (the last slot is the default target). A copy. */
  public long[] recordsByRoute() {
    return recordsByRoute.clone();
  }

  /** Records sent per topic. A copy. */
  public Map<String, Long> recordsByTopic() {
    Map<String, Long> copy = new HashMap<>();
    recordsByTopic.forEach((t, c) -> copy.put(t, c[0]));
    return copy;
  }
}
