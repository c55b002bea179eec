package io.github.kafkarouted.dlq.model;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dead letters counted per {@link DeadLetterReason}: the one per-reason counter of the dead-letter
 * writer, the sink's dispatch counters, its commit message and its query totals. Serializable (it
 * travels in commit messages). One writing thread (or the owner's lock); counts are stored and
 * read with opaque access, so another thread may read them while they are written (never torn,
 * eventually current).
 */
public final class ReasonCounts implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final DeadLetterReason[] REASONS = DeadLetterReason.values();

  private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

  private final long[] counts = new long[REASONS.length];

  /** Counts one dead letter of this reason. */
  public void add(DeadLetterReason reason) {
    int i = reason.ordinal();
    COUNT.setOpaque(counts, i, counts[i] + 1);
  }

  /** Adds every count of {@code other} to this one. */
  public void addAll(ReasonCounts other) {
    for (int i = 0; i < counts.length; i++) {
      COUNT.setOpaque(counts, i, counts[i] + (long) COUNT.getOpaque(other.counts, i));
    }
  }

  public long get(DeadLetterReason reason) {
    return (long) COUNT.getOpaque(counts, reason.ordinal());
  }

  /** Dead letters of every reason. */
  public long total() {
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    return sum;
  }

  /** An independent copy. */
  public ReasonCounts copy() {
    ReasonCounts copy = new ReasonCounts();
    copy.addAll(this);
    return copy;
  }

  /** The counts indexed by {@link DeadLetterReason#ordinal()}. A copy. */
  public long[] toArray() {
    return counts.clone();
  }

  /** The reasons counted at least once and their counts, unmodifiable. */
  public Map<DeadLetterReason, Long> nonZero() {
    Map<DeadLetterReason, Long> out = new EnumMap<>(DeadLetterReason.class);
    for (DeadLetterReason reason : REASONS) {
      if (counts[reason.ordinal()] > 0) {
        out.put(reason, counts[reason.ordinal()]);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The reasons counted at least once, by name ({@code SCHEMA_INVALID=3}), sorted: for messages. */
  public Map<String, Long> nonZeroByName() {
    Map<String, Long> out = new TreeMap<>();
    nonZero().forEach((reason, count) -> out.put(reason.name(), count));
    return out;
  }

  @Override
  public String toString() {
    return nonZero().toString();
  }
}
