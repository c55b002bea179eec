package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.quality.BudgetWindow;
import java.util.Map;
import java.util.TreeMap;

/** A task's {@link DispatchCounters} as the {@link BudgetWindow} reads them. */
final class CountersTally implements BudgetWindow.Tally {

  private final DispatchCounters counters;
  private final String[] ruleNames;

  CountersTally(DispatchCounters counters, String[] ruleNames) {
    this.counters = counters;
    this.ruleNames = ruleNames;
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
    Map<String, Long> out = new TreeMap<>();
    counters.deadLetterReasons().nonZero().forEach((reason, count) -> out.put(reason.name(), count));
    return out;
  }

  @Override
  public Map<String, Long> violationsByRule() {
    long[] violations = counters.violationsByRule();
    Map<String, Long> out = new TreeMap<>();
    for (int i = 0; i < violations.length && i < ruleNames.length; i++) {
      if (violations[i] > 0) {
        out.put(ruleNames[i], violations[i]);
      }
    }
    return out;
  }
}
