package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;
import io.github.kafkarouted.connector.dispatch.OutcomeCounts;
import io.github.kafkarouted.connector.quality.RuleTable;
import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.ReasonCounts;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals of a streaming query's sink since it started, reported as {@code
 * StreamingQueryProgress.sink.metrics}. Fed from the committed batches' {@link SinkCommitMessage}s
 * on the driver; a batch committed twice (Spark may retry the driver commit) counts once.
 * Thread-safe: continuous queries commit from an RPC thread while progress reads.
 */
public final class SinkTotals {

  private final RouteTable routes;
  private final String[] ruleNames;
  private final long[] violationsByRule;
  private final OutcomeCounts outcomes = new OutcomeCounts();
  private final long[] recordsByRoute;
  private final Map<String, Long> recordsByTopic = new TreeMap<>();
  private final ReasonCounts deadLettersByReason = new ReasonCounts();
  private long lastCommittedEpoch = -1;

  public SinkTotals(RouteTable routes) {
    this(routes, RuleTable.NONE);
  }

  public SinkTotals(RouteTable routes, RuleTable rules) {
    this.routes = routes;
    this.ruleNames = rules.names();
    this.violationsByRule = new long[ruleNames.length];
    this.recordsByRoute = new long[routes.routeCount() + 1];
  }

  /** Adds one committed batch or epoch. */
  public synchronized void add(long epochId, SinkCommitMessage[] messages) {
    if (epochId <= lastCommittedEpoch) {
      return;
    }
    lastCommittedEpoch = epochId;
    for (SinkCommitMessage m : messages) {
      if (m == null) {
        continue;
      }
      outcomes.addAll(m.outcomes());
      long[] byRoute = m.recordsByRoute();
      for (int i = 0; i < byRoute.length && i < recordsByRoute.length; i++) {
        recordsByRoute[i] += byRoute[i];
      }
      m.recordsByTopic().forEach((t, c) -> recordsByTopic.merge(t, c, Long::sum));
      deadLettersByReason.addAll(m.deadLettersByReason());
      long[] byRule = m.violationsByRule();
      for (int i = 0; byRule != null && i < byRule.length && i < violationsByRule.length; i++) {
        violationsByRule[i] += byRule[i];
      }
    }
  }

  /**
   * Metric name to value: every outcome, dead letters per reason (reasons seen), records per route
   * and per topic, violations per data-quality rule ({@code rule.<name>.violations}). Cheap (called on every trigger, idle ones too).
   */
  public synchronized Map<String, String> snapshot() {
    Map<String, String> out = new TreeMap<>();
    for (Outcome outcome : Outcome.values()) {
      out.put(outcome.metricName(), Long.toString(outcomes.get(outcome)));
    }
    for (Map.Entry<DeadLetterReason, Long> e : deadLettersByReason.nonZero().entrySet()) {
      out.put(SinkMetricNames.deadLettersOf(e.getKey()), Long.toString(e.getValue()));
    }
    for (int i = 0; i < recordsByRoute.length; i++) {
      out.put(SinkMetricNames.recordsOfRoute(routes.label(i)), Long.toString(recordsByRoute[i]));
    }
    recordsByTopic.forEach((t, c) -> out.put(SinkMetricNames.recordsOfTopic(t), Long.toString(c)));
    for (int i = 0; i < ruleNames.length; i++) {
      out.put(RuleViolationsOfRuleMetric.metricName(ruleNames[i]), Long.toString(violationsByRule[i]));
    }
    return out;
  }
}
