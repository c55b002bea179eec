package io.github.kafkarouted.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

  @Test
  void countsEachAcknowledgedEventOnceWhereverItWent() {
    EventLedger expected = ledger(Destination.URGENT, Destination.STANDARD, Destination.DEAD_LETTER, Destination.ERROR);
    EventLedger actual = ledger(Destination.URGENT, Destination.STANDARD, Destination.DEAD_LETTER, Destination.ERROR);

    DemoSummary.Accounting a = DemoSummary.account(expected, seq -> false, actual);

    assertEquals(Map.of(Destination.URGENT, 1L, Destination.ERROR, 1L, Destination.STANDARD, 1L), a.routedByDestination());
    assertEquals(1, a.deadLetters());
    assertEquals(0, a.misrouted());
    assertEquals(0, a.unexpected());
    assertTrue(summary(4, a, 0, null).passed());
  }

  @Test
  void anEventOnTheWrongTopicIsMisroutedAndFailsTheCheckThoughTheSumsMatch() {
    EventLedger expected = ledger(Destination.URGENT, Destination.STANDARD);
    EventLedger actual = ledger(Destination.STANDARD, Destination.STANDARD);

    DemoSummary.Accounting a = DemoSummary.account(expected, seq -> false, actual);
    DemoSummary s = summary(2, a, 0, null);

    assertEquals(1, a.misrouted());
    assertTrue(s.invariantHolds());
    assertFalse(s.passed());
    assertTrue(s.render().endsWith("FAIL: input = routed + dead letters + dropped (2 = 2 + 0 + 0)\n"), s.render());
  }

  @Test
  void aMissingEventBreaksTheInvariantUnlessTheSinkDroppedIt() {
    EventLedger expected = ledger(Destination.URGENT, Destination.STANDARD, Destination.ERROR);
    EventLedger actual = new EventLedger(16);
    actual.put(0, Destination.URGENT);
    actual.put(2, Destination.ERROR);

    DemoSummary.Accounting a = DemoSummary.account(expected, seq -> false, actual);

    DemoSummary lost = summary(3, a, 0, null);
    assertFalse(lost.invariantHolds());
    assertFalse(lost.passed());
    assertTrue(lost.render().contains("FAIL: input = routed + dead letters + dropped (3 != 2 + 0 + 0)"), lost.render());
    assertTrue(summary(3, a, 1, null).passed());
  }

  @Test
  void anEventThatNeverReachedTheBrokerIsUnexpectedOnAnOutputTopic() {
    EventLedger expected = ledger(Destination.URGENT, Destination.STANDARD);
    EventLedger actual = ledger(Destination.URGENT, Destination.STANDARD);
    Set<Long> failedSends = Set.of(1L);

    DemoSummary.Accounting a = DemoSummary.account(expected, failedSends::contains, actual);

    assertEquals(1, a.unexpected());
    assertFalse(summary(1, a, 0, null).passed());
  }

  @Test
  void aFailedQueryFailsTheCheck() {
    EventLedger expected = ledger(Destination.URGENT);
    DemoSummary.Accounting a = DemoSummary.account(expected, seq -> false, ledger(Destination.URGENT));
    DemoSummary s = summary(1, a, 0, "the query failed: boom");
    assertTrue(s.invariantHolds());
    assertFalse(s.passed());
    assertTrue(s.render().contains("failure: the query failed: boom"), s.render());
  }

  private static EventLedger ledger(Destination... destinations) {
    EventLedger ledger = new EventLedger(16);
    for (int i = 0; i < destinations.length; i++) {
      ledger.put(i, destinations[i]);
    }
    return ledger;
  }

  private static DemoSummary summary(long input, DemoSummary.Accounting a, long dropped, String failure) {
    return new DemoSummary(
        input,
        Map.of(EventKind.GOOD, input),
        a.routedByDestination(),
        a.deadLetters(),
        Map.of(),
        dropped,
        a.misrouted(),
        a.unexpected(),
        0,
        0,
        DemoSummary.LatencySummary.of(new LatencyHistogram(), Duration.ofSeconds(3)),
        failure,
        null,
        Duration.ofSeconds(10));
  }
}
