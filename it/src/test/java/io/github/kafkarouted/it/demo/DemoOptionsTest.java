package io.github.kafkarouted.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void defaultsAreRealTimeModeTwoHundredPerSecondForAMinuteOnTheEmbeddedBroker() {
    DemoOptions o = DemoOptions.defaults();
    assertEquals(DemoTrigger.REALTIME, o.trigger());
    assertEquals(200, o.ratePerSecond());
    assertEquals(Duration.ofSeconds(60), o.duration());
    assertTrue(o.embeddedBroker());
    assertEquals(DemoOptions.DEFAULT_BAD_RECORDS, o.badRecords());
    assertEquals(4, o.partitions());
    assertEquals(Duration.ofSeconds(30), o.realTimeBatch());
  }

  @Test
  void parsesEveryFlagWithSeparateOrInlineValues() {
    DemoOptions o =
        DemoOptions.parse(
            List.of(
                "--trigger", "microbatch", "--rate=50", "--duration", "2m",
                "--bootstrap-servers", "broker:9092", "--no-bad-records", "--rtm-batch", "10s",
                "--partitions", "2", "--plain"));
    assertEquals(DemoTrigger.MICROBATCH, o.trigger());
    assertEquals(50, o.ratePerSecond());
    assertEquals(Duration.ofMinutes(2), o.duration());
    assertEquals(Optional.of("broker:9092"), o.bootstrapServers());
    assertFalse(o.badRecords());
    assertEquals(Duration.ofSeconds(10), o.realTimeBatch());
    assertEquals(2, o.partitions());
    assertTrue(o.plainView());
  }

  @Test
  void aBareDurationIsSeconds() {
    assertEquals(Duration.ofSeconds(15), DemoOptions.parse(List.of("--duration", "15")).duration());
    assertEquals(Duration.ofMillis(1500), DemoOptions.parseDuration("--duration", "1500ms"));
  }

  @Test
  void realTimeBatchIsFiveMinutesForLongRunsAndHalfTheRunOtherwiseButAtLeastFiveSeconds() {
    assertEquals(Duration.ofMinutes(5), DemoOptions.defaultRealTimeBatch(Duration.ofMinutes(10)));
    assertEquals(Duration.ofSeconds(30), DemoOptions.defaultRealTimeBatch(Duration.ofSeconds(60)));
    assertEquals(Duration.ofSeconds(5), DemoOptions.defaultRealTimeBatch(Duration.ofSeconds(6)));
  }

  @Test
  void badValuesNameTheFlag() {
    assertMessage("--trigger must be one of realtime, microbatch, continuous; got 'fast'", "--trigger", "fast");
    assertMessage("--rate must be a whole number, got 'lots'", "--rate", "lots");
    assertMessage("--rate must be between 1 and 100000 events/s, got 0", "--rate", "0");
    assertMessage("--duration must look like 60s, 500ms, 5m or 1h, got 'soon'", "--duration", "soon");
    assertMessage("--rtm-batch must be at least 5s (Spark's minimum), got 1000ms", "--rtm-batch", "1s");
    assertMessage("--duration needs a value", "--duration");
    assertMessage("Unknown argument '--fast'", "--fast");
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(List.of(args)));
    assertEquals(expected, e.getMessage());
  }
}
