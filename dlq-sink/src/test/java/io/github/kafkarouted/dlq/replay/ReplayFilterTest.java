package io.github.kafkarouted.dlq.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayFilterTest {

  @Test
  void noFilterSelectsEverything() {
    assertEquals("true", ReplayFilter.all().toSql());
  }

  @Test
  void filtersAreAndedInAFixedOrder() {
    String sql =
        ReplayFilter.all()
            .withWhere("source_partition = 0")
            .withTargetTopic("it's")
            .withTimeRange(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000))
            .withReasonNames(List.of("no_route", "SEND_FAILED"))
            .toSql();
    assertEquals(
        "reason IN ('NO_ROUTE', 'SEND_FAILED') AND dead_lettered_at >= timestamp_millis(1000)"
            + " AND dead_lettered_at < timestamp_millis(2000) AND array_contains(target_topics, 'it\\'s')"
            + " AND (source_partition = 0)",
        sql);
  }

  @Test
  void badFiltersAreRefusedWithTheReason() {
    String unknown =
        assertThrows(IllegalArgumentException.class, () -> ReplayFilter.all().withReasonNames(List.of("NOPE")))
            .getMessage();
    assertTrue(unknown.contains("NOPE") && unknown.contains("NO_ROUTE"), unknown);
    assertThrows(
        IllegalArgumentException.class,
        () -> ReplayFilter.all().withTimeRange(Instant.ofEpochMilli(5), Instant.ofEpochMilli(5)));
    assertThrows(IllegalArgumentException.class, () -> ReplayFilter.all().withWhere(" "));
  }

  @Test
  void aPredicateThatWouldEscapeItsParenthesesIsRefused() {
    for (String escaping : List.of("true) OR (true", "reason = 'X') OR (1 = 1", "true; DROP TABLE t")) {
      String message =
          assertThrows(IllegalArgumentException.class, () -> ReplayFilter.all().withWhere(escaping), escaping)
              .getMessage();
      assertTrue(message.contains(escaping) && message.contains("not one SQL expression"), message);
    }
    ReplayFilter.all().withWhere("source_partition = 0 OR reason = 'NO_ROUTE'"); // one expression
  }
}
