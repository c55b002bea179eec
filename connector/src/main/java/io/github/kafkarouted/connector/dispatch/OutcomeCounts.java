package io.github.kafkarouted.connector.dispatch;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One count per {@link Outcome}: what a task did (in {@link DispatchCounters} and its commit
 * message) or what a query did so far (its sink totals). Serializable (it travels in commit
 * messages). One writing thread (a task's, or the owner's under its lock); counts are stored and
 * read with opaque access, so another thread (the executor's live counters, {@code
 * LiveSinkCounters}) may read a task's counts while it writes them: never torn, eventually
 * current, at the cost of a plain store.
 */
public final class OutcomeCounts implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

  private final long[] counts = new long[Outcome.values().length];

  /** Adds {@code delta} (possibly negative, to move or take back a count) to one outcome. */
  public void add(Outcome outcome, long delta) {
    int i = outcome.ordinal();
    COUNT.setOpaque(counts, i, counts[i] + delta);
  }

  /** Adds every count of {@code other} to this one. */
  public void addAll(OutcomeCounts other) {
    for (int i = 0; i < counts.length; i++) {
      COUNT.setOpaque(counts, i, counts[i] + (long) COUNT.getOpaque(other.counts, i));
    }
  }

  public long get(Outcome outcome) {
    return (long) COUNT.getOpaque(counts, outcome.ordinal());
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
