package io.github.kafkarouted.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFactoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void withoutBadRecordsEveryEventIsAWellFormedEventKeyedByItsId() throws Exception {
    EventFactory factory = new EventFactory("run1", false, 7);
    for (long seq = 0; seq < 2_000; seq++) {
      EventFactory.Event e = factory.next(seq, 1_000L);
      assertEquals(EventKind.GOOD, e.kind());
      JsonNode json = JSON.readTree(e.value());
      assertEquals("run1-" + seq, json.get("event_id").asText());
      assertEquals("run1-" + seq, new String(e.key(), StandardCharsets.UTF_8));
      assertEquals(1_000L, json.get("ts").asLong());
      assertEquals(
          EventFactory.routeOf(json.get("event_type").asText(), json.get("priority").asText()), e.expected());
    }
  }

  @Test
  void firstMatchingRouteWins() {
    assertEquals(Destination.URGENT, EventFactory.routeOf("error", "high"));
    assertEquals(Destination.ERROR, EventFactory.routeOf("error", "low"));
    assertEquals(Destination.STANDARD, EventFactory.routeOf("click", "normal"));
  }

  @Test
  void badRecordsComeInTheirSharesAndAllBelongInTheDeadLetterTopic() {
    EventFactory factory = new EventFactory("r", true, 42);
    Map<EventKind, Integer> counts = new EnumMap<>(EventKind.class);
    int n = 100_000;
    for (long seq = 0; seq < n; seq++) {
      EventFactory.Event e = factory.next(seq, 5L);
      counts.merge(e.kind(), 1, Integer::sum);
      if (e.kind() != EventKind.GOOD) {
        assertEquals(Destination.DEAD_LETTER, e.expected(), e.kind().name());
      }
      if (e.kind() == EventKind.OVERSIZE) {
        assertTrue(e.value().length > DemoPipeline.SINK_MAX_REQUEST_SIZE);
        assertTrue(e.value().length < DemoPipeline.DLQ_MAX_REQUEST_SIZE);
      }
    }
    assertShare(counts, EventKind.MALFORMED, EventFactory.MALFORMED_PER_MILLE, n);
    assertShare(counts, EventKind.INVALID, EventFactory.INVALID_PER_MILLE, n);
    assertShare(counts, EventKind.OVERSIZE, EventFactory.OVERSIZE_PER_MILLE, n);
    assertShare(counts, EventKind.NO_ROUTE, EventFactory.NO_ROUTE_PER_MILLE, n);
  }

  @Test
  void malformedEventsAreNotJsonObjects() {
    EventFactory factory = new EventFactory("r", true, 1);
    int seen = 0;
    for (long seq = 0; seen < 20; seq++) {
      EventFactory.Event e = factory.next(seq, 5L);
      if (e.kind() == EventKind.MALFORMED) {
        seen++;
        assertFalse(parsesAsObject(e.value()), new String(e.value(), StandardCharsets.UTF_8));
      }
    }
  }

  private static boolean parsesAsObject(byte[] value) {
    try {
      return JSON.readTree(value).isObject();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void assertShare(Map<EventKind, Integer> counts, EventKind kind, int perMille, int n) {
    double share = counts.getOrDefault(kind, 0) * 1000.0 / n;
    assertTrue(Math.abs(share - perMille) < perMille * 0.25, kind + ": " + share + " per mille, expected " + perMille);
  }
}
