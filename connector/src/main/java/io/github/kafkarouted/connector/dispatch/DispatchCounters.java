package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.ReasonCounts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * What one writer did, one count per {@link Outcome}. Every input row is counted into exactly one
 * outcome: routed (at least one record acknowledged or in flight), dead-lettered, or dropped.
 * Records are also counted per route and per topic, dead letters per reason. Written only by the
 * writer's task thread. The outcome, reason, route and rule counts are stored with opaque access,
 * so the executor's live counters ({@code LiveSinkCounters}) read them from another thread while
 * the task writes ({@link #outcomes}, {@link #deadLetterReasons}, {@link #recordsOfRoute}, {@link
 * #violationsOfRule}); the per-topic map is the task thread's alone.
 */
public final class DispatchCounters {

  private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

  /** Distinct computed topics tracked by name; beyond that they are summed under {@link #OTHER}. */
  static final int MAX_TRACKED_TOPICS = 1000;

  public static final String OTHER = "<other>";

  private final OutcomeCounts outcomes = new OutcomeCounts();
  private final long[] recordsByRoute;
  private final Map<String, long[]> recordsByTopic = new HashMap<>();
  private final ReasonCounts deadLettersByReason = new ReasonCounts();
  private final long[] violationsByRule;
  private long rowsDroppedByRules;

  public DispatchCounters(int routeSlots) {
    this(routeSlots, 0);
  }

  public DispatchCounters(int routeSlots, int rules) {
    this.recordsByRoute = new long[routeSlots];
    this.violationsByRule = new long[rules];
  }

  /** A row dropped by a rule with action drop (also counted in {@code rowsDropped}). */
  void recordRowDroppedByRule() {
    outcomes.add(Outcome.ROWS_DROPPED, 1);
    rowsDroppedByRules++;
  }

  /** Rows dropped by rules: with dead-lettered rows, what the error budget judges. */
  public long rowsDroppedByRules() {
    return rowsDroppedByRules;
  }

  /** A row broke rule {@code rule}. */
  void recordRuleViolation(int rule) {
    COUNT.setOpaque(violationsByRule, rule, violationsByRule[rule] + 1);
    outcomes.add(Outcome.RULE_VIOLATIONS, 1);
  }

  /** Violations per rule index ({@code rule.<name>.violations}). */
  public long[] violationsByRule() {
    return violationsByRule.clone();
  }

  void recordRowIn() {
    outcomes.add(Outcome.ROWS_IN, 1);
  }

  void recordRowRouted() {
    outcomes.add(Outcome.ROWS_ROUTED, 1);
  }

  void recordRowDeadLettered() {
    outcomes.add(Outcome.ROWS_DEAD_LETTERED, 1);
  }

  /** A row counted as routed whose every record then failed and became a dead letter. */
  void moveRowRoutedToDeadLettered() {
    outcomes.add(Outcome.ROWS_ROUTED, -1);
    outcomes.add(Outcome.ROWS_DEAD_LETTERED, 1);
  }

  void recordRowDropped() {
    outcomes.add(Outcome.ROWS_DROPPED, 1);
  }

  void recordSent(int route, String topic) {
    addSent(route, topic, 1);
  }

  /** A record counted as sent that the producer then failed. */
  void recordSendFailed(int route, String topic) {
    addSent(route, topic, -1);
  }

  void recordDeadLetter(DeadLetterReason reason) {
    outcomes.add(Outcome.DEAD_LETTERS, 1);
    deadLettersByReason.add(reason);
  }

  private void addSent(int route, String topic, int delta) {
    outcomes.add(Outcome.RECORDS_SENT, delta);
    COUNT.setOpaque(recordsByRoute, route, recordsByRoute[route] + delta);
    long[] perTopic = recordsByTopic.get(topic);
    if (perTopic == null) {
      String name = recordsByTopic.size() < MAX_TRACKED_TOPICS ? topic : OTHER;
      perTopic = recordsByTopic.computeIfAbsent(name, n -> new long[1]);
    }
    perTopic[0] += delta;
  }

  /** The count of one outcome. */
  public long count(Outcome outcome) {
    return outcomes.get(outcome);
  }

  /** Every outcome's count. A copy. */
  public OutcomeCounts outcomes() {
    return outcomes.copy();
  }

  public long rowsIn() {
    return count(Outcome.ROWS_IN);
  }

  public long rowsRouted() {
    return count(Outcome.ROWS_ROUTED);
  }

  public long rowsDeadLettered() {
    return count(Outcome.ROWS_DEAD_LETTERED);
  }

  public long rowsDropped() {
    return count(Outcome.ROWS_DROPPED);
  }

  public long recordsSent() {
    return count(Outcome.RECORDS_SENT);
  }

  /** Dead letters written (a row may give several under all-matches). */
  public long deadLetters() {
    return count(Outcome.DEAD_LETTERS);
  }

  /** Number of route slots (routes, then the default target). */
  public int routeSlots() {
    return recordsByRoute.length;
  }

  /** Records sent to route slot {@code route}; safe from any thread. */
  public long recordsOfRoute(int route) {
    return (long) COUNT.getOpaque(recordsByRoute, route);
  }

  /** Number of data-quality rules counted. */
  public int rules() {
    return violationsByRule.length;
  }

  /** Violations of rule {@code rule}; safe from any thread. */
  public long violationsOfRule(int rule) {
    return (long) COUNT.getOpaque(violationsByRule, rule);
  }

  /** The dead letters of one reason; safe from any thread. */
  public long deadLettersOf(DeadLetterReason reason) {
    return deadLettersByReason.get(reason);
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
    return deadLettersByReason.toArray();
  }

  /** Dead letters per reason. A copy. */
  public ReasonCounts deadLetterReasons() {
    return deadLettersByReason.copy();
  }
}
