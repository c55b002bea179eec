package io.github.kafkarouted.connector.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.RoutingMode;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The dispatcher with kafka-clients' MockProducer standing in for the network (unit level). */
class RecordDispatcherTest {

  private record Row(
      Set<Integer> matching, String computed, byte[] key, byte[] value, Integer partition, List<Header> headers)
      implements OutputRow {
    @Override
    public boolean matches(int routeIndex) {
      return matching.contains(routeIndex);
    }

    @Override
    public String computedTopic(int routeIndex) {
      return computed;
    }

    @Override
    public String topicColumn() {
      return null;
    }
  }

  private static final List<RouteTable.Route> ROUTES =
      List.of(
          new RouteTable.Route("urgent", true, "route.1.topic"),
          new RouteTable.Route(null, true, "route.2.topicExpr"));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Test
  void sendsOneRecordPerTargetWithKeyValueHeadersAndPartition() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.ALL_MATCHES, "standard", false);
    RecordDispatcher d = new RecordDispatcher(table, UnmatchedPolicy.FAIL, producer);
    List<Header> headers = List.of(new RecordHeader("h", bytes("v")));

    d.dispatch(new Row(Set.of(0, 1), "events-eu", bytes("k"), bytes("v1"), 0, headers));
    d.dispatch(new Row(Set.of(), null, null, bytes("v2"), null, null));
    d.flush();

    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertEquals(List.of("urgent", "events-eu", "standard"), sent.stream().map(ProducerRecord::topic).toList());
    assertArrayEquals(bytes("k"), sent.get(1).key());
    assertArrayEquals(bytes("v1"), sent.get(1).value());
    assertEquals(0, sent.get(1).partition());
    assertArrayEquals(bytes("v"), sent.get(1).headers().lastHeader("h").value());
    assertEquals(null, sent.get(2).partition());

    DispatchCounters c = d.counters();
    assertEquals(2, c.rowsIn());
    assertEquals(2, c.rowsRouted());
    assertEquals(3, c.recordsSent());
    assertArrayEquals(new long[] {1, 1, 1}, c.recordsByRoute());
    assertEquals(1L, c.recordsByTopic().get("events-eu"));
  }

  @Test
  void unmatchedRowsAreDroppedAndCountedWhenAsked() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = new RecordDispatcher(table, UnmatchedPolicy.DROP, producer);
    d.dispatch(new Row(Set.of(), null, null, bytes("x"), null, null));
    d.flush();
    assertEquals(0, producer.history().size());
    assertEquals(1, d.counters().rowsDropped());
    assertEquals(1, d.counters().rowsIn());
  }

  @Test
  void unmatchedRowsFailTheTaskByDefaultWithAHelpfulMessage() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = new RecordDispatcher(table, UnmatchedPolicy.FAIL, producer(true));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> d.dispatch(new Row(Set.of(), null, null, bytes("x"), null, null)));
    assertTrue(e.getMessage().contains("'topic' option"), e.getMessage());
    assertTrue(e.getMessage().contains("routing.unmatched=drop"), e.getMessage());
  }

  @Test
  void nullComputedTopicNamesTheOption() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = new RecordDispatcher(table, UnmatchedPolicy.FAIL, producer(true));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> d.dispatch(new Row(Set.of(1), null, null, bytes("x"), null, null)));
    assertTrue(e.getMessage().contains("route.2.topicExpr"), e.getMessage());
  }

  @Test
  void anAsyncSendFailureIsThrownByFlush() {
    MockProducer<byte[], byte[]> producer = producer(false);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, "standard", false);
    RecordDispatcher d = new RecordDispatcher(table, UnmatchedPolicy.FAIL, producer);
    d.dispatch(new Row(Set.of(), null, null, bytes("x"), null, null));
    producer.errorNext(new RecordTooLargeException("too large"));
    KafkaSendException e = assertThrows(KafkaSendException.class, d::flush);
    assertTrue(e.getCause() instanceof RecordTooLargeException);
    // ... and by the next write, so the task stops sending.
    assertThrows(
        KafkaSendException.class,
        () -> d.dispatch(new Row(Set.of(), null, null, bytes("y"), null, null)));
  }
}
