package io.github.kafkarouted.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputMonitorTest {

  @Test
  void sequenceNumberComesFromKeysOfThisRunOnly() {
    assertEquals(42, OutputMonitor.sequenceOf(bytes("ab12cd-42"), "ab12cd-"));
    assertEquals(-1, OutputMonitor.sequenceOf(bytes("ffffff-42"), "ab12cd-"));
    assertEquals(-1, OutputMonitor.sequenceOf(bytes("ab12cd-4x"), "ab12cd-"));
    assertEquals(-1, OutputMonitor.sequenceOf(bytes("ab12cd-"), "ab12cd-"));
    assertEquals(-1, OutputMonitor.sequenceOf(null, "ab12cd-"));
  }

  @Test
  void eventTimestampIsTheTsNumberOfTheOutputValue() {
    assertEquals(
        1732400000123L,
        OutputMonitor.eventTimestamp(bytes("{\"event_id\":\"r-1\",\"priority\":\"high\",\"ts\":1732400000123,\"tier\":\"gold\"}")));
    assertEquals(-1, OutputMonitor.eventTimestamp(bytes("{\"event_id\":\"r-1\"}")));
    assertEquals(-1, OutputMonitor.eventTimestamp(bytes("{\"ts\":\"yesterday\"}")));
    assertEquals(-1, OutputMonitor.eventTimestamp(null));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
