package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.quality.BudgetWindow;
import io.github.kafkarouted.connector.quality.RuleTable;
import java.util.Map;

/** A task's {@link DispatchCounters} as the {@link BudgetWindow} reads them. */
final class CountersTally implements BudgetWindow.Tally {

  private final DispatchCounters counters;
  private final RuleTable rules;

  CountersTally(DispatchCounters counters, RuleTable rules) {
    this.counters = counters;
    this.rules = rules;
  }

  @Override
  public long rowsIn() {
    return counters.rowsIn();
  }

  @Override
  public long badRows() {
    return counters.rowsDeadLettered() + counters.rowsDroppedByRules();
  }

  @Override
  public Map<String, Long> deadLettersByReason() {
    return counters.deadLetterReasons().nonZeroByName();
  }

  @Override
  public Map<String, Long> violationsByRule() {
    return rules.nonZeroByName(counters.violationsByRule());
  }
}
