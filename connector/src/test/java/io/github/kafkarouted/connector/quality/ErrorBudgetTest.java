package io.github.kafkarouted.connector.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.ReasonCounts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorBudgetTest {

  @Test
  void aBatchOverTheRatioOrTheCountFailsAndSaysWhy() {
    ErrorBudget ratio = new ErrorBudget(0.05, null, 100, 60_000);
    assertNull(ratio.judge("Batch 1", 1000, 50, Map.of(), Map.of()), "5% is within 5%");
    String over = ratio.judge("Batch 2", 1000, 51, Map.of("SCHEMA_INVALID", 40L), Map.of("positive", 11L));
    assertTrue(over.startsWith("Batch 2 exceeded the dead-letter budget (dlq.maxRatio=0.05): 51 of its 1000"), over);
    assertTrue(over.contains("SCHEMA_INVALID=40") && over.contains("positive=11"), over);
    assertTrue(over.contains("not committed") && over.contains("restart"), over);
    assertNull(ratio.judge("Batch 3", 99, 99, Map.of(), Map.of()), "under dlq.budget.minRows: not judged");

    ErrorBudget count = new ErrorBudget(null, 10L, 0, 60_000);
    assertNull(count.judge("Batch 4", 5, 5, Map.of(), Map.of()));
    assertTrue(count.judge("Batch 5", 1_000_000, 11, Map.of(), Map.of()).contains("dlq.maxCount=10"));
    assertNull(ErrorBudget.NONE.judge("Batch 6", 10, 10, Map.of(), Map.of()));
  }

  @Test
  void theCountsInAMessageAreNamedSortedAndNonZero() {
    RuleTable rules =
        new RuleTable(
            java.util.List.of(
                new RuleTable.Rule("positive", "amount > 0", RuleAction.DLQ),
                new RuleTable.Rule("has_user", "user IS NOT NULL", RuleAction.DROP),
                new RuleTable.Rule("eu", "region = 'eu'", RuleAction.WARN)));
    assertEquals(Map.of("eu", 2L, "positive", 5L), rules.nonZeroByName(new long[] {5, 0, 2}));
    assertEquals("{eu=2, positive=5}", rules.nonZeroByName(new long[] {5, 0, 2}).toString());
    ReasonCounts reasons = new ReasonCounts();
    reasons.add(DeadLetterReason.SCHEMA_INVALID);
    reasons.add(DeadLetterReason.NO_ROUTE);
    reasons.add(DeadLetterReason.SCHEMA_INVALID);
    assertEquals("{NO_ROUTE=1, SCHEMA_INVALID=2}", reasons.nonZeroByName().toString());
  }
}
