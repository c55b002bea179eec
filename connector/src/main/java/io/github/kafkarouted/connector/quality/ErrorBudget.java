package io.github.kafkarouted.connector.quality;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * The error budget of a streaming write ({@code dlq.maxRatio}, {@code dlq.maxCount}, {@code
 * dlq.budget.minRows}, {@code dlq.budget.window}): how many of a batch's (or, in continuous
 * processing, an epoch's) input rows may become dead letters or be dropped by rules before the batch
 * fails instead of committing. A pipeline whose input breaks entirely then stops, loudly, rather
 * than filling its DLQ while staying green. Judged on the driver when the batch commits, from the
 * tasks' counts; where a batch is long (Real-Time Mode) or has no driver commit (the ForeachWriter),
 * also by each task over windows of its own rows ({@link BudgetWindow}). Immutable; plain Java.
 *
 * @param maxRatio the largest allowed fraction (0 to 1) of bad rows, or null for no ratio limit
 * @param maxCount the largest allowed number of bad rows, or null for no count limit
 * @param minRows batches (and task windows) with fewer input rows are not judged
 * @param windowMillis the length of a task's window ({@code dlq.budget.window})
 */
public record ErrorBudget(Double maxRatio, Long maxCount, long minRows, long windowMillis)
    implements Serializable {

  /** No budget: every batch commits (and no task judges a window). */
  public static final ErrorBudget NONE = new ErrorBudget(null, null, 0, 0);

  public boolean enabled() {
    return maxRatio != null || maxCount != null;
  }

  /**
   * Why the batch must fail, or null if it is within the budget.
   *
   * @param rowsIn the batch's input rows
   * @param bad the rows that became dead letters or were dropped by a rule
   * @param deadLettersByReason dead letters of the batch per reason (non-zero ones)
   * @param violationsByRule violations of the batch per rule name (non-zero ones)
   */
  public String judge(
      String batch, long rowsIn, long bad, Map<String, Long> deadLettersByReason, Map<String, Long> violationsByRule) {
    if (!enabled() || rowsIn < minRows || rowsIn == 0) {
      return null;
    }
    String exceeded = null;
    if (maxCount != null && bad > maxCount) {
      exceeded = "dlq.maxCount=" + maxCount;
    } else if (maxRatio != null && bad > maxRatio * rowsIn) {
      exceeded = "dlq.maxRatio=" + maxRatio;
    }
    if (exceeded == null) {
      return null;
    }
    return batch
        + " exceeded the dead-letter budget ("
        + exceeded
        + "): "
        + bad
        + " of its "
        + rowsIn
        + " input rows ("
        + String.format(Locale.ROOT, "%.1f%%", 100.0 * bad / rowsIn)
        + ") became dead letters or were dropped by rules. Dead letters by reason: "
        + (deadLettersByReason.isEmpty() ? "none" : deadLettersByReason)
        + "; rule violations: "
        + (violationsByRule.isEmpty() ? "none" : violationsByRule)
        + ". The batch is not committed, so nothing is lost: after a restart from the checkpoint its"
        + " rows are written again (at-least-once; records and dead letters already sent by this attempt"
        + " may be duplicated). Fix the input, or raise dlq.maxRatio / dlq.maxCount (or"
        + " dlq.budget.minRows) and restart the query.";
  }
}
