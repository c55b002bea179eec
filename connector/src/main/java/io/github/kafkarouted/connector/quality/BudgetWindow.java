package io.github.kafkarouted.connector.quality;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The error budget judged inside one task, over consecutive windows of its rows, for writes whose
 * batch ends too late or never reaches the driver: a Real-Time Mode batch runs for minutes (5 by
 * default), so the driver's judgement at its end would let a broken input fill the DLQ for that
 * long; a ForeachWriter has no driver commit at all.
 *
 * <p>A window starts at the task's first row and closes once it is {@link
 * ErrorBudget#windowMillis()} old <em>and</em> holds at least {@link ErrorBudget#minRows()} rows (a
 * quiet window is extended rather than judged on a handful of rows). A closing window is judged
 * like a batch: its bad rows against {@code dlq.maxRatio} and {@code dlq.maxCount}; within the
 * budget, the next window starts. {@code dlq.maxCount} is also checked after every row, since a
 * count can only grow: a broken input fails the task as soon as the window has {@code
 * dlq.budget.minRows} rows and more bad ones than the count, without waiting for the window to close.
 * The task's last window is judged at the end of the task ({@link #atEnd}) whatever its age.
 *
 * <p>Over the budget, {@link ErrorBudgetExceededException} fails the task, so its batch does not
 * commit and its rows are written again after a restart (at-least-once). One per task; the clock is
 * read every {@value #ROWS_PER_CLOCK_READ} rows, so a window closes at most that many rows late.
 */
public final class BudgetWindow {

  /** What the task has counted so far; read after each row (the two counts) and on failure. */
  public interface Tally {
    long rowsIn();

    /** Rows that became dead letters or were dropped by a rule. */
    long badRows();

    /** Dead letters per reason name. */
    Map<String, Long> deadLettersByReason();

    /** Violations per rule name. */
    Map<String, Long> violationsByRule();
  }

  static final int ROWS_PER_CLOCK_READ = 64;

  private final ErrorBudget budget;
  private final String task;
  private final Tally tally;
  private final LongSupplier nanoClock;
  private final long windowNanos;
  private boolean started;
  private long startNanos;
  private long baseRowsIn;
  private long baseBad;
  private Map<String, Long> baseReasons = Map.of();
  private Map<String, Long> baseRules = Map.of();
  private int rowsSinceClockRead;

  /**
   * @param task names the task in the failure, e.g. {@code "Partition 3 of batch 7"}
   * @param nanoClock {@link System#nanoTime} outside tests
   */
  public BudgetWindow(ErrorBudget budget, String task, Tally tally, LongSupplier nanoClock) {
    if (!budget.enabled()) {
      throw new IllegalArgumentException("no error budget to judge");
    }
    this.budget = budget;
    this.task = task;
    this.tally = tally;
    this.nanoClock = nanoClock;
    this.windowNanos = budget.windowMillis() * 1_000_000L;
  }

  /** After each row. @throws ErrorBudgetExceededException when the window is over the budget */
  public void afterRow() {
    if (!started) {
      started = true;
      startNanos = nanoClock.getAsLong();
    }
    if (budget.maxCount() != null
        && tally.badRows() - baseBad > budget.maxCount()
        && tally.rowsIn() - baseRowsIn >= budget.minRows()) {
      judge(nanoClock.getAsLong(), false); // throws: over the count with enough rows to be judged
    }
    if (++rowsSinceClockRead >= ROWS_PER_CLOCK_READ) {
      rowsSinceClockRead = 0;
      long now = nanoClock.getAsLong();
      if (now - startNanos >= windowNanos && tally.rowsIn() - baseRowsIn >= budget.minRows()) {
        judge(now, true);
      }
    }
  }

  /** At the end of the task: judges its last window, whatever its age. */
  public void atEnd() {
    if (started) {
      judge(nanoClock.getAsLong(), false);
    }
  }

  private void judge(long now, boolean roll) {
    long rowsIn = tally.rowsIn() - baseRowsIn;
    long bad = tally.badRows() - baseBad;
    String problem =
        budget.judge(
            task + " (judged over its last " + seconds(now - startNanos) + " of rows, dlq.budget.window="
                + budget.windowMillis() + " ms)",
            rowsIn,
            bad,
            minus(tally.deadLettersByReason(), baseReasons),
            minus(tally.violationsByRule(), baseRules));
    if (problem != null) {
      throw new ErrorBudgetExceededException(problem);
    }
    if (roll) {
      startNanos = now;
      baseRowsIn += rowsIn;
      baseBad += bad;
      baseReasons = tally.deadLettersByReason();
      baseRules = tally.violationsByRule();
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  private static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> base) {
    Map<String, Long> out = new TreeMap<>();
    now.forEach(
        (name, count) -> {
          long delta = count - base.getOrDefault(name, 0L);
          if (delta > 0) {
            out.put(name, delta);
          }
        });
    return out;
  }
}
