package io.github.kafkarouted.connector.dispatch;

import java.io.Serializable;

/**
 * One count per {@link Outcome}: what a task did (in {@link DispatchCounters} and its commit
 * message) or what a query did so far (its sink totals). Serializable (it travels in commit
 * messages). Not thread-safe: one task thread, or the owner's lock.
 */
public final class OutcomeCounts implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long[] counts = new long[Outcome.values().length];

  /** Adds {@code delta} (possibly negative, to move or take back a count) to one outcome. */
  public void add(Outcome outcome, long delta) {
    counts[outcome.ordinal()] += delta;
  }

  /** Adds every count of {@code other} to this one. */
  public void addAll(OutcomeCounts other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  public long get(Outcome outcome) {
    return counts[outcome.ordinal()];
  }

  /** An independent copy. */
  public OutcomeCounts copy() {
    OutcomeCounts copy = new OutcomeCounts();
    copy.addAll(this);
    return copy;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (Outcome o : Outcome.values()) {
      s.append(s.length() > 1 ? ", " : "").append(o.metricName()).append('=').append(get(o));
    }
    return s.append('}').toString();
  }
}
