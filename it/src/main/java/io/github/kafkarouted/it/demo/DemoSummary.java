package io.github.kafkarouted.it.demo;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The result of a demo run and its check: every event the broker acknowledged is accounted for
 * exactly once, as routed, as a dead letter, or as dropped by the sink:
 *
 * <pre>input = routed + dead letters + dropped</pre>
 *
 * and, event by event, each one reached the topic it belongs to. Counts are of distinct events;
 * extra copies (at-least-once replays) are reported as duplicates, which the check allows.
 *
 * <p>Immutable and thread-safe.
 *
 * @param input events the broker acknowledged
 * @param inputByKind of which, per kind
 * @param routedByDestination distinct events per route topic
 * @param deadLetters distinct events on the dead-letter topic
 * @param deadLettersByReason dead-letter records per {@code kafka-routed.dlq.reason} header
 * @param dropped rows the sink dropped (its {@code rowsDropped} metric); -1 if Spark reported none
 * @param misrouted events that reached a different topic than they belong to
 * @param unexpected events seen on an output topic that were never acknowledged as input
 * @param conflicting events seen on two different output topics
 * @param duplicates extra copies of events on the same topic
 * @param latency end-to-end latency of routed events after the warm-up
 * @param failure why the run failed before it could finish (query or client error), or null
 * @param endedEarlyBy what ended the run before its duration (e.g. "Ctrl-C"), or null
 * @param elapsed how long events were generated
 */
public record DemoSummary(
    long input,
    Map<EventKind, Long> inputByKind,
    Map<Destination, Long> routedByDestination,
    long deadLetters,
    Map<String, Long> deadLettersByReason,
    long dropped,
    long misrouted,
    long unexpected,
    long conflicting,
    long duplicates,
    LatencySummary latency,
    String failure,
    String endedEarlyBy,
    Duration elapsed) {

  /** Percentiles in milliseconds; all -1 when no routed event was measured. */
  public record LatencySummary(long count, long p50, long p90, long p99, long max, Duration warmup) {
    static LatencySummary of(LatencyHistogram h, Duration warmup) {
      return new LatencySummary(
          h.count(), h.percentile(0.50), h.percentile(0.90), h.percentile(0.99), h.count() == 0 ? -1 : h.max(), warmup);
    }
  }

  public DemoSummary {
    inputByKind = Map.copyOf(inputByKind);
    routedByDestination = Map.copyOf(routedByDestination);
    deadLettersByReason = Map.copyOf(deadLettersByReason);
  }

  /** Distinct events that reached a route topic. */
  public long routed() {
    return routedByDestination.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Dropped rows, counting "not reported" as 0. */
  public long droppedOrZero() {
    return Math.max(0, dropped);
  }

  /** Whether input = routed + dead letters + dropped. */
  public boolean invariantHolds() {
    return input == routed() + deadLetters + droppedOrZero();
  }

  /** The whole check: the invariant, every event where it belongs, and no failure. */
  public boolean passed() {
    return failure == null && input > 0 && invariantHolds() && misrouted == 0 && unexpected == 0 && conflicting == 0;
  }

  /**
   * Compares, event by event, where each acknowledged event should have gone with where it went.
   *
   * @param expected the generator's ledger
   * @param failedInput events the producer could not deliver (not input)
   * @param actual the monitor's ledger
   */
  static Accounting account(EventLedger expected, LongPredicate failedInput, EventLedger actual) {
    Map<Destination, Long> routed = new EnumMap<>(Destination.class);
    long dead = 0;
    long misrouted = 0;
    long unexpected = 0;
    int size = Math.max(expected.size(), actual.size());
    for (long seq = 0; seq < size; seq++) {
      Destination went = actual.get(seq);
      if (went == null) {
        continue;
      }
      Destination should = expected.get(seq);
      if (should == null || failedInput.test(seq)) {
        unexpected++;
        continue;
      }
      if (went.routed()) {
        routed.merge(went, 1L, Long::sum);
      } else {
        dead++;
      }
      if (went != should) {
        misrouted++;
      }
    }
    for (Destination d : Destination.values()) {
      if (d.routed()) {
        routed.putIfAbsent(d, 0L);
      }
    }
    return new Accounting(routed, dead, misrouted, unexpected);
  }

  /** What {@link #account} found. */
  record Accounting(Map<Destination, Long> routedByDestination, long deadLetters, long misrouted, long unexpected) {}

  /** The text printed at the end, ending with a PASS or FAIL line. */
  public String render() {
    StringBuilder b = new StringBuilder();
    String check = invariantHolds() ? "ok" : "MISMATCH";
    b.append(String.format(Locale.ROOT, "%n  %-36s %10s   %s%n", "input (acknowledged by Kafka)", n(input), kinds()));
    b.append(String.format(Locale.ROOT, "  %-36s %10s   %s%n", "routed", n(routed()), routes()));
    b.append(String.format(Locale.ROOT, "  %-36s %10s   %s%n", "dead letters", n(deadLetters), reasons()));
    b.append(
        String.format(
            Locale.ROOT,
            "  %-36s %10s   %s%n",
            "dropped (sink metric rowsDropped)",
            n(droppedOrZero()),
            dropped < 0 ? "(no progress reported: counted as 0)" : ""));
    b.append(
        String.format(
            Locale.ROOT,
            "  %-36s %10s   %s%n",
            "routed + dead letters + dropped",
            n(routed() + deadLetters + droppedOrZero()),
            (invariantHolds() ? "= input" : "!= input " + n(input)) + "   " + check));
    long placed = routed() + deadLetters - misrouted;
    b.append(
        String.format(
            Locale.ROOT,
            "  %-36s %10s   %s%n",
            "events on the topic they belong to",
            n(placed),
            "misrouted " + n(misrouted) + ", unexpected " + n(unexpected) + ", on two topics " + n(conflicting)
                + "   " + (misrouted == 0 && unexpected == 0 && conflicting == 0 ? "ok" : "MISMATCH")));
    b.append(String.format(Locale.ROOT, "  %-36s %10s%n", "duplicates (at-least-once replays)", n(duplicates)));
    b.append(String.format(Locale.ROOT, "  %-36s %10s   %s%n", "latency: output ts - event ts", "", latencyText()));
    if (failure != null) {
      b.append(String.format(Locale.ROOT, "%n  failure: %s%n", failure));
    }
    b.append('\n');
    String equation =
        n(input) + (invariantHolds() ? " = " : " != ") + n(routed()) + " + " + n(deadLetters) + " + " + n(droppedOrZero());
    b.append(passed() ? "PASS" : "FAIL")
        .append(": input = routed + dead letters + dropped (")
        .append(equation)
        .append(')');
    if (endedEarlyBy != null) {
      b.append(", ended early by ").append(endedEarlyBy);
    }
    return b.append('\n').toString().replaceAll(" +\n", "\n");
  }

  private String kinds() {
    StringBuilder b = new StringBuilder();
    for (EventKind k : EventKind.values()) {
      long c = inputByKind.getOrDefault(k, 0L);
      if (c > 0 || k == EventKind.GOOD) {
        b.append(b.length() == 0 ? "" : ", ").append(k.label()).append(' ').append(n(c));
      }
    }
    return b.toString();
  }

  private String routes() {
    StringBuilder b = new StringBuilder();
    for (Destination d : List.of(Destination.URGENT, Destination.ERROR, Destination.STANDARD)) {
      b.append(b.length() == 0 ? "" : ", ").append(d.topic()).append(' ').append(n(routedByDestination.getOrDefault(d, 0L)));
    }
    return b.toString();
  }

  private String reasons() {
    if (deadLettersByReason.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    deadLettersByReason.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(n(e.getValue())));
    return b.toString();
  }

  private String latencyText() {
    if (latency.count() == 0) {
      return "no routed event measured";
    }
    return String.format(
        Locale.ROOT,
        "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (%s routed events, from %d s after the first output)",
        latency.p50(),
        latency.p90(),
        latency.p99(),
        latency.max(),
        n(latency.count()),
        latency.warmup().toSeconds());
  }

  static String n(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
