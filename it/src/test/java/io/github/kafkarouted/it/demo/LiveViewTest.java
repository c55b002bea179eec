package io.github.kafkarouted.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveViewTest {

  private static final DemoStatus STATUS =
      new DemoStatus(
          "running",
          Duration.ofSeconds(75),
          Duration.ofSeconds(120),
          "kafka-routed demo | micro-batch",
          200,
          15_000,
          Map.of(EventKind.GOOD, 14_900L, EventKind.OVERSIZE, 100L),
          Map.of(Destination.URGENT, 1_500L, Destination.ERROR, 1_400L, Destination.STANDARD, 12_000L, Destination.DEAD_LETTER, 100L),
          Map.of("RECORD_TOO_LARGE", 100L),
          0,
          new DemoStatus.Latency(1_000, 2, 9, 15),
          "from the lag listener\n(position = end of the last batch)",
          new LagReadout.Reading(List.of(new LagReadout.Line("events", 0, 3_700, 3_712, 12, "OK")), null),
          "last batch 7");

  @Test
  void screenShowsEachPartOnItsOwnLinesEachClearedToTheEnd() {
    String screen = LiveView.screen(STATUS);
    List<String> lines = screen.lines().toList();
    assertTrue(lines.get(0).contains("1:15 / 2:00   running"), lines.get(0));
    assertTrue(screen.contains("INPUT           200/s   15,000 events   bad: oversize 100"), screen);
    assertTrue(screen.contains("urgent-events 1,500   error-events 1,400   standard-events 12,000"), screen);
    assertTrue(screen.contains("DEAD LETTERS events-dlq 100   RECORD_TOO_LARGE 100"), screen);
    assertTrue(screen.contains("p50 2 ms  p99 9 ms  max 15 ms"), screen);
    assertTrue(screen.contains("LAG          from the lag listener\u001b[K\n             (position = end of the last batch)"), screen);
    assertTrue(screen.contains("events-0   position 3,700   end 3,712   lag 12   OK"), screen);
    assertTrue(lines.stream().allMatch(l -> l.endsWith("\u001b[K")), screen);
  }

  @Test
  void plainLineHasTheSameNumbers() {
    assertEquals(
        "[1:15 running] in 200/s total 15000 | urgent 1500 error 1400 standard 12000 | dlq 100"
            + " {RECORD_TOO_LARGE=100} | in flight 0 | p50 2 ms  p99 9 ms  max 15 ms | lag 12",
        LiveView.line(STATUS));
  }
}
