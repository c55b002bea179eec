package io.github.kafkarouted.connector.quality;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetWindowTest {

  /** Counts a test sets by hand, and a clock it moves. */
  private static final class Counts implements BudgetWindow.Tally {
    long rowsIn;
    long bad;
    long nanos;

    void rows(BudgetWindow window, int n, boolean badRows) {
      for (int i = 0; i < n; i++) {
        rowsIn++;
        if (badRows) {
          bad++;
        }
        window.afterRow();
      }
    }

    @Override
    public long rowsIn() {
      return rowsIn;
    }

    @Override
    public long badRows() {
      return bad;
    }

    @Override
    public Map<String, Long> deadLettersByReason() {
      return Map.of("SCHEMA_INVALID", bad);
    }

    @Override
    public Map<String, Long> violationsByRule() {
      return Map.of();
    }
  }

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aWindowIsJudgedWhenItClosesAndTheNextStartsAfresh() {
    Counts c = new Counts();
    BudgetWindow window = new BudgetWindow(new ErrorBudget(0.10, null, 100, 10_000), "Partition 2 of batch 5", c, () -> c.nanos);
    c.rows(window, 1_000, false);
    c.rows(window, 150, true); // 13% so far, but the 10 s window has not closed: not judged yet
    c.nanos = 11 * SECOND;
    ErrorBudgetExceededException over =
        assertThrows(ErrorBudgetExceededException.class, () -> c.rows(window, 64, false));
    assertTrue(
        over.getMessage().startsWith("Partition 2 of batch 5 (judged over its last 11.0 s of rows, dlq.budget.window=10000 ms)"
            + " exceeded the dead-letter budget (dlq.maxRatio=0.1): 150 of its "),
        over.getMessage());
    assertTrue(over.getMessage().contains("SCHEMA_INVALID=150"), over.getMessage());
  }

  @Test
  void aGoodWindowIsForgottenSoABadOneIsJudgedOnItsOwnRows() {
    Counts c = new Counts();
    BudgetWindow window = new BudgetWindow(new ErrorBudget(0.10, null, 100, 10_000), "Partition 0 of batch 1", c, () -> c.nanos);
    c.rows(window, 10_000, false);
    c.nanos = 10 * SECOND;
    c.rows(window, 64, false); // the first window closes: 0% bad
    c.rows(window, 500, true); // over the whole task only 4.7% bad, but 100% of this window
    c.nanos = 20 * SECOND;
    ErrorBudgetExceededException over =
        assertThrows(ErrorBudgetExceededException.class, () -> c.rows(window, 64, true));
    assertTrue(over.getMessage().contains("dlq.maxRatio=0.1"), over.getMessage());
    assertTrue(over.getMessage().contains("SCHEMA_INVALID="), over.getMessage());
  }

  @Test
  void aQuietWindowIsExtendedUntilItHasMinRows() {
    Counts c = new Counts();
    BudgetWindow window = new BudgetWindow(new ErrorBudget(0.10, null, 200, 10_000), "Partition 0 of batch 1", c, () -> c.nanos);
    c.rows(window, 64, true);
    c.nanos = 60 * SECOND;
    assertDoesNotThrow(() -> c.rows(window, 64, true), "128 rows, all bad, but fewer than dlq.budget.minRows: extended");
    assertThrows(ErrorBudgetExceededException.class, () -> c.rows(window, 128, true), "judged at 256 rows");
  }

  @Test
  void theCountIsCheckedAfterEveryRowAndTheLastWindowAtTheEnd() {
    Counts c = new Counts();
    BudgetWindow count = new BudgetWindow(new ErrorBudget(null, 5L, 10, 3_600_000), "Partition 1 of batch 9", c, () -> c.nanos);
    c.rows(count, 10, false);
    c.rows(count, 5, true);
    ErrorBudgetExceededException over =
        assertThrows(ErrorBudgetExceededException.class, () -> c.rows(count, 1, true), "the 6th bad row");
    assertTrue(over.getMessage().contains("dlq.maxCount=5"), over.getMessage());

    Counts d = new Counts();
    BudgetWindow ratio = new BudgetWindow(new ErrorBudget(0.5, null, 10, 3_600_000), "Partition 1 of batch 9", d, () -> d.nanos);
    d.rows(ratio, 20, true);
    assertThrows(ErrorBudgetExceededException.class, ratio::atEnd, "an hour-long window is judged when the task ends");
  }
}
