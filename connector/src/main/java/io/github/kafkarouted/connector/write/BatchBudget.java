package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.dispatch.Outcome;
import io.github.kafkarouted.connector.metrics.SinkCommitMessage;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.quality.ErrorBudget;
import io.github.kafkarouted.connector.quality.ErrorBudgetExceededException;
import io.github.kafkarouted.dlq.model.ReasonCounts;

/** Judges one committing batch by the {@link ErrorBudget}, from its tasks' commit messages. Driver side. */
final class BatchBudget {

  private BatchBudget() {}

  /** @throws ErrorBudgetExceededException when the batch is over the budget (it then does not commit) */
  static void check(WriterSpec spec, String batch, SinkCommitMessage[] messages) {
    ErrorBudget budget = spec.errorBudget();
    if (budget == null || !budget.enabled()) {
      return;
    }
    long rowsIn = 0;
    long bad = 0;
    ReasonCounts reasons = new ReasonCounts();
    long[] violations = new long[spec.ruleTable().size()];
    for (SinkCommitMessage m : messages) {
      if (m == null) {
        continue;
      }
      rowsIn += m.outcomes().get(Outcome.ROWS_IN);
      bad += m.outcomes().get(Outcome.ROWS_DEAD_LETTERED) + m.rowsDroppedByRules();
      reasons.addAll(m.deadLettersByReason());
      for (int i = 0; i < violations.length && i < m.violationsByRule().length; i++) {
        violations[i] += m.violationsByRule()[i];
      }
    }
    String problem =
        budget.judge(batch, rowsIn, bad, reasons.nonZeroByName(), spec.ruleTable().nonZeroByName(violations));
    if (problem != null) {
      throw new ErrorBudgetExceededException(problem);
    }
  }
}
