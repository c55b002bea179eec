package io.github.kafkarouted.connector.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.metrics.LiveSinkCounters;
import io.github.kafkarouted.connector.quality.RuleAction;
import io.github.kafkarouted.connector.quality.RuleTable;
import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.RoutingMode;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The executor's live sink counters as the lag plugin reads them: over JMX, while tasks write. */
class LiveSinkCountersTest {

  private static final String QUERY = "4f1c2b8e-0000-4000-8000-000000000001";
  private static final String RUN = "4f1c2b8e-0000-4000-8000-000000000002";

  private static final RuleTable RULES =
      new RuleTable(java.util.List.of(new RuleTable.Rule("positive", "amount > 0", RuleAction.WARN)));

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final AtomicLong clock = new AtomicLong(1_000);

  @SuppressWarnings("unchecked")
  private Map<String, Long> totals() throws Exception {
    ObjectName name =
        new ObjectName(LiveSinkCounters.OBJECT_NAME_PREFIX + "query_id=" + QUERY + ",run_id=" + RUN);
    return (Map<String, Long>) server.getAttribute(name, "Totals");
  }

  private static DispatchCounters routedRows(int rows, int deadLetters) {
    DispatchCounters c = new DispatchCounters(2, 1);
    for (int i = 0; i < rows; i++) {
      c.recordRowIn();
      c.recordRowRouted();
      c.recordSent(i % 2, "t" + i % 2);
    }
    for (int i = 0; i < deadLetters; i++) {
      c.recordRowIn();
      c.recordRowDeadLettered();
      c.recordDeadLetter(DeadLetterReason.SCHEMA_INVALID);
      c.recordRuleViolation(0);
    }
    return c;
  }

  @Test
  void runningAndEndedTasksAddUpPerRunAndIdleRunsAreRemoved() throws Exception {
    try (LiveSinkCounters live = new LiveSinkCounters(server, clock::get)) {
      RouteTable routes =
          new RouteTable(
              java.util.List.of(new RouteTable.Route("orders", true, "route.1.topic")),
              RoutingMode.FIRST_MATCH,
              "other",
              false);
      RuleTable rules = RULES;
      DispatchCounters first = routedRows(4, 1);
      LiveSinkCounters.Registration a = live.register(QUERY, RUN, routes, rules, first);
      LiveSinkCounters.Registration b = live.register(QUERY, RUN, routes, rules, routedRows(2, 0));

      Map<String, Long> running = totals();
      assertEquals(7L, running.get("rowsIn"));
      assertEquals(6L, running.get("rowsRouted"));
      assertEquals(1L, running.get("rowsDeadLettered"));
      assertEquals(3L, running.get("recordsSent.route.1"));
      assertEquals(3L, running.get("recordsSent.route.default"));
      assertEquals(1L, running.get("deadLetters.reason.SCHEMA_INVALID"));
      assertEquals(1L, running.get("rule.positive.violations"));

      first.recordRowIn(); // The task goes on writing: seen at the next read.
      first.recordRowDropped();
      assertEquals(8L, totals().get("rowsIn"));
      assertEquals(1L, totals().get("rowsDropped"));

      a.close();
      a.close(); // Counted once.
      b.close();
      assertEquals(8L, totals().get("rowsIn"), "ended tasks keep counting in their run");

      clock.addAndGet(11 * 60_000); // Idle for longer than the eviction time.
      live.register("other-query", RUN, routes, rules, routedRows(1, 0));
      assertEquals(List.of("other-query/" + RUN), live.runKeys());
      assertTrue(server.queryNames(new ObjectName("io.github.kafkarouted:*"), null).size() == 1);
    }
    assertTrue(server.queryNames(new ObjectName("io.github.kafkarouted:*"), null).isEmpty());
  }
}
