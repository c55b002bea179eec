package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.HashMap;
import java.util.Map;

/**
 * What one writer did. Every input row is counted into exactly one outcome: routed (at least one
 * record acknowledged or in flight), dead-lettered, or dropped. Records are counted per route and
 * per topic, dead letters per reason. Written only by the writer's task thread.
 */
public final class DispatchCounters {

  /** Distinct computed topics tracked by name; beyond that they are summed under {@link #OTHER}. */
  static final int MAX_TRACKED_TOPICS = 1000;

  public static final String OTHER = "<other>";

  private static final DeadLetterReason[] REASONS = DeadLetterReason.values();

  private long rowsIn;
  private long rowsRouted;
  private long rowsDeadLettered;
  private long rowsDropped;
  private long recordsSent;
  private final long[] recordsByRoute;
  private final Map<String, long[]> recordsByTopic = new HashMap<>();
  private final long[] deadLettersByReason = new long[REASONS.length];

  public DispatchCounters(int routeSlots) {
    this.recordsByRoute = new long[routeSlots];
  }

  void recordRowIn() {
    rowsIn++;
  }

  void recordRowRouted() {
    rowsRouted++;
  }

  void recordRowDeadLettered() {
    rowsDeadLettered++;
  }

  /** A row counted as routed whose every record then failed and became a dead letter. */
  void moveRowRoutedToDeadLettered() {
    rowsRouted--;
    rowsDeadLettered++;
  }

  void recordRowDropped() {
    rowsDropped++;
  }

  void recordSent(int route, String topic) {
    addSent(route, topic, 1);
  }

  /** A record counted as sent that the producer then failed. */
  void recordSendFailed(int route, String topic) {
    addSent(route, topic, -1);
  }

  void recordDeadLetter(DeadLetterReason reason) {
    deadLettersByReason[reason.ordinal()]++;
  }

  private void addSent(int route, String topic, int delta) {
    recordsSent += delta;
    recordsByRoute[route] += delta;
    long[] perTopic = recordsByTopic.get(topic);
    if (perTopic == null) {
      String name = recordsByTopic.size() < MAX_TRACKED_TOPICS ? topic : OTHER;
      perTopic = recordsByTopic.computeIfAbsent(name, n -> new long[1]);
    }
    perTopic[0] += delta;
  }

  public long rowsIn() {
    return rowsIn;
  }

  public long rowsRouted() {
    return rowsRouted;
  }

  public long rowsDeadLettered() {
    return rowsDeadLettered;
  }

  public long rowsDropped() {
    return rowsDropped;
  }

  public long recordsSent() {
    return recordsSent;
  }

  /** Dead letters written (a row may give several under all-matches). */
  public long deadLetters() {
    long sum = 0;
    for (long c : deadLettersByReason) {
      sum += c;
    }
    return sum;
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

  /** Dead letters per reason, indexed by {@link DeadLetterReason#ordinal()}. A copy. */
  public long[] deadLettersByReason() {
    return deadLettersByReason.clone();
  }
}
