package io.github.kafkarouted.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DispatchBenchmark} evaluates the route conditions of {@link EventRoutes} in Java, {@link
 * WriterPathBenchmark} has Spark plan them from the sink options: both must send the same records
 * to the same topics and make the same dead letters, or their numbers would not be comparable.
 */
class SameRoutingTest {

  @Test
  void dispatchAndWriterPathBenchmarksRouteTheirInputAlike() {
    DispatchBenchmark dispatch = new DispatchBenchmark();
    dispatch.variant = SinkVariant.VALIDATION_DLQ_1PCT_INVALID;
    dispatch.setUp();
    WriterPathBenchmark writerPath = new WriterPathBenchmark();
    writerPath.variant = SinkVariant.VALIDATION_DLQ_1PCT_INVALID;
    writerPath.setUp();
    try {
      for (int i = 0; i < DispatchBenchmark.ROWS; i++) {
        dispatch.dispatch();
      }
      for (int i = 0; i < WriterPathBenchmark.ROWS; i++) {
        writerPath.write();
      }
      dispatch.flush();
      writerPath.flush();

      Map<String, Long> byTopic = dispatch.counters().recordsByTopic();
      assertEquals(
          Set.of("orders", "payments", "large-eu", "large-us", "large-apac", "events-other"),
          byTopic.keySet());
      assertEquals(byTopic, writerPath.counters().recordsByTopic());
      // Rows 99, 199, ..., 3999 of 4096 are invalid.
      assertEquals(40, dispatch.counters().deadLetters());
      assertEquals(40, writerPath.counters().deadLetters());
    } finally {
      writerPath.tearDown();
    }
  }

  @Test
  void routingOnTheDecodedValueSendsWhatRoutingOnExtractedColumnsSends() {
    Map<String, Long> onColumns = writerPathRecordsByTopic(SinkVariant.VALIDATION_DLQ);
    Map<String, Long> onValue = writerPathRecordsByTopic(SinkVariant.VALUE_ROUTING_DLQ);
    assertEquals(
        Set.of("orders", "payments", "large-eu", "large-us", "large-apac", "events-other"), onValue.keySet());
    assertEquals(onColumns, onValue);
  }

  @Test
  void routingOnTheDecodedAvroValueSendsWhatRoutingOnExtractedColumnsSends() {
    assertEquals(
        writerPathRecordsByTopic(SinkVariant.VALIDATION_DLQ),
        writerPathRecordsByTopic(SinkVariant.AVRO_VALUE_ROUTING_DLQ));
  }

  private static Map<String, Long> writerPathRecordsByTopic(SinkVariant variant) {
    WriterPathBenchmark writerPath = new WriterPathBenchmark();
    writerPath.variant = variant;
    writerPath.setUp();
    try {
      for (int i = 0; i < WriterPathBenchmark.ROWS; i++) {
        writerPath.write();
      }
      writerPath.flush();
      assertEquals(0, writerPath.counters().deadLetters(), variant + ": every row is valid");
      return writerPath.counters().recordsByTopic();
    } finally {
      writerPath.tearDown();
    }
  }
}
