package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;

/**
 * SQL-tab metric of {@link Outcome#RULE_VIOLATIONS}. Instantiated by name by the UI:
 * keep the class name and the no-arg constructor.
 */
public final class RuleViolationsMetric extends OutcomeMetric {

  public static final String NAME = Outcome.RULE_VIOLATIONS.metricName();

  public RuleViolationsMetric() {
    super(Outcome.RULE_VIOLATIONS);
  }
}
