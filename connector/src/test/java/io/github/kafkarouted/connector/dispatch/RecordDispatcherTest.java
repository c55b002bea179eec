package io.github.kafkarouted.connector.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.quality.RuleAction;
import io.github.kafkarouted.connector.quality.RuleTable;
import io.github.kafkarouted.connector.quality.RuleViolationException;
import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.TopicPolicy;
import io.github.kafkarouted.connector.routing.RoutingMode;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import io.github.kafkarouted.dlq.codec.DeadLetterDecoder;
import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.writer.KafkaDeadLetterWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher with kafka-clients' MockProducer standing in for the network (unit level; the
 * integration tests use a real broker).
 */
class RecordDispatcherTest {

  private record Row(
      Set<Integer> matching,
      String computed,
      byte[] key,
      byte[] value,
      Integer partition,
      List<Header> headers,
      String sourceTopic,
      Integer sourcePartition,
      Long sourceOffset)
      implements OutputRow {

    Row(Set<Integer> matching, String computed, byte[] key, byte[] value, Integer partition, List<Header> headers) {
      this(matching, computed, key, value, partition, headers, null, null, null);
    }

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

  /** A row whose input record had a timestamp (Spark's Kafka source column). */
  private record TimedRow(Row row, long timestamp) implements OutputRow {
    @Override public boolean matches(int routeIndex) { return row.matches(routeIndex); }
    @Override public String computedTopic(int routeIndex) { return row.computedTopic(routeIndex); }
    @Override public String topicColumn() { return null; }
    @Override public byte[] key() { return row.key(); }
    @Override public byte[] value() { return row.value(); }
    @Override public Integer partition() { return row.partition(); }
    @Override public List<Header> headers() { return row.headers(); }
    @Override public String sourceTopic() { return row.sourceTopic(); }
    @Override public Integer sourcePartition() { return row.sourcePartition(); }
    @Override public Long sourceOffset() { return row.sourceOffset(); }
    @Override public Long originalTimestampMillis() { return timestamp; }
  }

  /** {@code row}, breaking the rules whose indexes are in {@code broken}. */
  private record RuleRowOf(Row row, Set<Integer> broken) implements OutputRow {
    @Override public boolean ruleHolds(int rule) { return !broken.contains(rule); }
    @Override public boolean matches(int i) { return row.matches(i); }
    @Override public String computedTopic(int i) { return row.computedTopic(i); }
    @Override public String topicColumn() { return row.topicColumn(); }
    @Override public byte[] key() { return row.key(); }
    @Override public byte[] value() { return row.value(); }
    @Override public Integer partition() { return row.partition(); }
    @Override public List<Header> headers() { return row.headers(); }
    @Override public String sourceTopic() { return row.sourceTopic(); }
    @Override public Integer sourcePartition() { return row.sourcePartition(); }
    @Override public Long sourceOffset() { return row.sourceOffset(); }
  }

  private static final List<RouteTable.Route> ROUTES =
      List.of(
          new RouteTable.Route("urgent", true, "route.1.topic"),
          new RouteTable.Route(null, true, "route.2.topicExpr"));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every topic the tests write has two partitions. */
  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    Node node = new Node(0, "localhost", 9092);
    List<PartitionInfo> partitions = new ArrayList<>();
    for (String topic : List.of("urgent", "events-eu", "standard", "eu")) {
      for (int p = 0; p < 2; p++) {
        partitions.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
      }
    }
    Cluster cluster = new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    return new MockProducer<>(
        cluster, autoComplete, new RoundRobinPartitioner(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static RecordDispatcher failFast(RouteTable table, UnmatchedPolicy policy, MockProducer<byte[], byte[]> p) {
    return new RecordDispatcher(table, policy, p, null, null, POLICY, 1024 * 1024, true);
  }

  private final MockProducer<byte[], byte[]> dlqProducer = producer(true);

  private static final TopicPolicy POLICY = new TopicPolicy(Set.of("dlq"));

  private static Refusal missingNowhere(String topic) {
    return topic.equals("nowhere")
        ? new Refusal(
            DeadLetterReason.TOPIC_NOT_FOUND, "does not exist and the brokers do not create topics automatically.")
        : null;
  }

  private RecordDispatcher withDlq(
      RouteTable table, MockProducer<byte[], byte[]> p, int maxRequestSize) {
    DeadLetterChannel channel =
        new DeadLetterChannel(
            new KafkaDeadLetterWriter(
                dlqProducer,
                "dlq",
                new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false, 1024 * 1024)),
            "query-1",
            7L,
            () -> 42L);
    return new RecordDispatcher(
        table, UnmatchedPolicy.FAIL, p, channel, RecordDispatcherTest::missingNowhere, POLICY,
        maxRequestSize, true);
  }

  private String header(ProducerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void sendsOneRecordPerTargetWithKeyValueHeadersAndPartition() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.ALL_MATCHES, "standard", false);
    RecordDispatcher d = failFast(table, UnmatchedPolicy.FAIL, producer);
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
    assertNull(sent.get(0).headers().lastHeader(DeadLetterHeaders.IDEMPOTENCY_KEY), "no source columns");

    DispatchCounters c = d.counters();
    assertEquals(2, c.rowsIn());
    assertEquals(2, c.rowsRouted());
    assertEquals(3, c.recordsSent());
    assertArrayEquals(new long[] {1, 1, 1}, c.recordsByRoute());
    assertEquals(1L, c.recordsByTopic().get("events-eu"));
  }

  @Test
  void recordsOfRowsWithSourceCoordinatesCarryAnIdempotencyKeyPerRoute() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.ALL_MATCHES, "standard", false);
    RecordDispatcher d = failFast(table, UnmatchedPolicy.FAIL, producer);
    d.dispatch(new Row(Set.of(0, 1), "eu", null, bytes("v"), null, null, "events", 3, 1042L));
    d.flush();
    assertEquals("events-3-1042:1", header(producer.history().get(0), DeadLetterHeaders.IDEMPOTENCY_KEY));
    assertEquals("events-3-1042:2", header(producer.history().get(1), DeadLetterHeaders.IDEMPOTENCY_KEY));
  }

  @Test
  void idempotencyKeysMatchTheDocumentedFormatForAnyPosition() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, "standard", false);
    RecordDispatcher d = failFast(table, UnmatchedPolicy.FAIL, producer);
    long[] offsets = {0L, 9L, 10L, 1_234_567_890_123L, Long.MAX_VALUE};
    for (long offset : offsets) {
      d.dispatch(new Row(Set.of(), null, null, bytes("v"), null, null, "orders.v2_topic-\u00e9", 2_147_483_647, offset));
    }
    d.dispatch(new Row(Set.of(), null, null, bytes("v"), null, null, "other", 0, 5L));
    d.flush();
    for (int i = 0; i < offsets.length; i++) {
      assertEquals(
          DeadLetterHeaders.idempotencyKey("orders.v2_topic-\u00e9", 2_147_483_647, offsets[i], "default"),
          header(producer.history().get(i), DeadLetterHeaders.IDEMPOTENCY_KEY));
    }
    assertEquals("other-0-5:default", header(producer.history().get(offsets.length), DeadLetterHeaders.IDEMPOTENCY_KEY));
  }

  @Test
  void sourceCoordinatesThatCannotBeKeyedLeaveTheRecordWithoutAKeyInsteadOfFailingTheTask() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, "standard", false);
    RecordDispatcher d = failFast(table, UnmatchedPolicy.FAIL, producer);
    d.dispatch(new Row(Set.of(), null, null, bytes("v"), null, null, "not:a:topic", 0, 1L));
    d.dispatch(new Row(Set.of(), null, null, bytes("v"), null, null, "events", -1, 1L));
    d.dispatch(new Row(Set.of(), null, null, bytes("v"), null, null, "events", 0, -5L));
    d.dispatch(new Row(Set.of(), null, null, bytes("v"), null, null, "", 0, 1L));
    d.flush();
    assertEquals(4, producer.history().size(), "every row routed");
    for (ProducerRecord<byte[], byte[]> r : producer.history()) {
      assertEquals(null, header(r, DeadLetterHeaders.IDEMPOTENCY_KEY));
    }
    assertEquals(4, d.counters().rowsRouted());
  }

  @Test
  void unmatchedRowsAreDroppedAndCountedWhenAsked() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = failFast(table, UnmatchedPolicy.DROP, producer);
    d.dispatch(new Row(Set.of(), null, null, bytes("x"), null, null));
    d.flush();
    assertEquals(0, producer.history().size());
    assertEquals(1, d.counters().rowsDropped());
    assertEquals(1, d.counters().rowsIn());
  }

  @Test
  void withoutDlqUnmatchedRowsFailTheTaskWithAHelpfulMessage() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = failFast(table, UnmatchedPolicy.FAIL, producer(true));
    RejectedRecordException e =
        assertThrows(
            RejectedRecordException.class,
            () -> d.dispatch(new Row(Set.of(), null, null, bytes("x"), null, null)));
    assertEquals(DeadLetterReason.NO_ROUTE, e.reason());
    assertTrue(e.getMessage().contains("'topic' option"), e.getMessage());
    assertTrue(e.getMessage().contains("routing.unmatched=drop"), e.getMessage());
    assertTrue(e.getMessage().contains("dlq.topic"), e.getMessage());
  }

  @Test
  void withoutDlqANullComputedTopicNamesTheOption() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = failFast(table, UnmatchedPolicy.FAIL, producer(true));
    RejectedRecordException e =
        assertThrows(
            RejectedRecordException.class,
            () -> d.dispatch(new Row(Set.of(1), null, null, bytes("x"), null, null)));
    assertTrue(e.getMessage().contains("route.2.topicExpr"), e.getMessage());
  }

  @Test
  void withoutDlqAnAsyncSendFailureIsThrownByFlushAndTheNextWrite() {
    MockProducer<byte[], byte[]> producer = producer(false);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, "standard", false);
    RecordDispatcher d = failFast(table, UnmatchedPolicy.FAIL, producer);
    d.dispatch(new Row(Set.of(), null, null, bytes("x"), null, null));
    producer.errorNext(new RecordTooLargeException("too large"));
    KafkaSendException e = assertThrows(KafkaSendException.class, d::flush);
    assertTrue(e.getCause() instanceof RecordTooLargeException);
    assertThrows(
        KafkaSendException.class,
        () -> d.dispatch(new Row(Set.of(), null, null, bytes("y"), null, null)));
  }

  @Test
  void badRowsBecomeDeadLettersAndTheCountsBalance() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = withDlq(table, producer, 200);

    d.dispatch(new Row(Set.of(0), null, bytes("k1"), bytes("{ok}"), null, null, "in", 0, 1L)); // routed
    d.dispatch(new Row(Set.of(), null, bytes("k2"), bytes("{}"), null, null, "in", 0, 2L)); // NO_ROUTE
    // The task writer decodes the value before routing; an invalid one never reaches dispatch.
    d.rejectInvalidValue(new Row(Set.of(0), null, bytes("k3"), bytes("oops"), null, null, "in", 0, 3L), "not an object"); // SCHEMA_INVALID
    d.dispatch(new Row(Set.of(1), "", bytes("k4"), bytes("{}"), null, null, "in", 0, 4L)); // INVALID_RECORD
    d.dispatch(new Row(Set.of(1), "bad topic!", bytes("k5"), bytes("{}"), null, null, "in", 0, 5L)); // INVALID_RECORD
    d.dispatch(new Row(Set.of(0), null, bytes("k6"), bytes("{" + "x".repeat(300) + "}"), null, null, "in", 0, 6L)); // TOO_LARGE
    d.dispatch(new Row(Set.of(0), null, bytes("k7"), bytes("{}"), -1, null, "in", 0, 7L)); // INVALID_RECORD (partition)
    d.dispatch(new Row(Set.of(0), null, bytes("k8"), bytes("{}"), 2, null, "in", 0, 8L)); // INVALID_RECORD (partition)
    d.dispatch(new Row(Set.of(1), "nowhere", bytes("k9"), bytes("{}"), null, null, "in", 0, 9L)); // TOPIC_NOT_FOUND
    d.flush();

    DispatchCounters c = d.counters();
    assertEquals(9, c.rowsIn());
    assertEquals(1, c.rowsRouted());
    assertEquals(8, c.rowsDeadLettered());
    assertEquals(c.rowsIn(), c.rowsRouted() + c.rowsDeadLettered() + c.rowsDropped());
    assertEquals(1, producer.history().size());
    List<ProducerRecord<byte[], byte[]>> dead = dlqProducer.history();
    assertEquals(
        List.of("NO_ROUTE", "SCHEMA_INVALID", "INVALID_RECORD", "INVALID_RECORD", "RECORD_TOO_LARGE",
            "INVALID_RECORD", "INVALID_RECORD", "TOPIC_NOT_FOUND"),
        dead.stream().map(r -> header(r, DeadLetterHeaders.REASON)).toList());
    ProducerRecord<byte[], byte[]> tooLarge = dead.get(4);
    assertArrayEquals(bytes("k6"), tooLarge.key());
    assertEquals(302, tooLarge.value().length, "original value bytes kept");
    assertEquals("urgent", header(tooLarge, DeadLetterHeaders.TARGET_TOPICS));
    assertEquals("6", header(tooLarge, DeadLetterHeaders.SOURCE_OFFSET));
    assertEquals("query-1", header(tooLarge, DeadLetterHeaders.QUERY_ID));
    assertEquals("7", header(tooLarge, DeadLetterHeaders.BATCH_ID));
    assertTrue(header(dead.get(1), DeadLetterHeaders.ERROR_MESSAGE).contains("not an object"));
    assertEquals(RecordTooLargeException.class.getName(), header(tooLarge, DeadLetterHeaders.ERROR_CLASS));
    assertTrue(header(dead.get(6), DeadLetterHeaders.ERROR_MESSAGE).contains("out of range"));
  }

  @Test
  void aHeaderWithoutKeyMakesTheRowADeadLetterThatKeepsTheOtherHeaders() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, "standard", false);
    RecordDispatcher d = withDlq(table, producer, 1024 * 1024);
    List<Header> headers = List.of(new RecordHeader("trace", bytes("t1")), new NullKeyHeader(bytes("v")));

    d.dispatch(new Row(Set.of(0), null, bytes("k1"), bytes("{}"), null, headers, "in", 0, 1L));
    d.flush();

    assertEquals(0, producer.history().size());
    ProducerRecord<byte[], byte[]> dead = dlqProducer.history().get(0);
    assertEquals("INVALID_RECORD", header(dead, DeadLetterHeaders.REASON));
    assertTrue(header(dead, DeadLetterHeaders.ERROR_MESSAGE).contains("Header 1"));
    assertEquals("t1", header(dead, "trace"));
    assertEquals(1, d.counters().rowsDeadLettered());
    RecordDispatcher noDlq = failFast(table, UnmatchedPolicy.FAIL, producer(true));
    RejectedRecordException e =
        assertThrows(
            RejectedRecordException.class,
            () -> noDlq.dispatch(new Row(Set.of(0), null, bytes("k1"), bytes("{}"), null, headers)));
    assertTrue(e.getMessage().contains("null key"), e.getMessage());
  }

  @Test
  void aRecordTheBrokerRefusesBecomesADeadLetterAndTheRowMovesOutOfRouted() {
    MockProducer<byte[], byte[]> producer = producer(false);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, "standard", false);
    RecordDispatcher d = withDlq(table, producer, 1024 * 1024);
    d.dispatch(new Row(Set.of(), null, bytes("k"), bytes("v"), null, null, "in", 2, 9L));
    assertEquals(1, d.counters().rowsRouted());
    producer.errorNext(new RecordTooLargeException("broker says too large"));
    d.flush();
    assertEquals(0, d.counters().rowsRouted());
    assertEquals(1, d.counters().rowsDeadLettered());
    assertEquals(0, d.counters().recordsSent());
    ProducerRecord<byte[], byte[]> dead = dlqProducer.history().get(0);
    assertEquals("RECORD_TOO_LARGE", header(dead, DeadLetterHeaders.REASON));
    assertEquals("standard", header(dead, DeadLetterHeaders.TARGET_TOPICS));
    ConsumerRecord<byte[], byte[]> asRead =
        new ConsumerRecord<>("dlq", 0, 0L, dead.key(), dead.value());
    dead.headers().forEach(h -> asRead.headers().add(h));
    assertArrayEquals(bytes("v"), new DeadLetterDecoder().decode(asRead).deadLetter().value());
  }

  @Test
  void aClusterProblemFailsTheTaskEvenWithADlq() {
    MockProducer<byte[], byte[]> producer = producer(false);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, "standard", false);
    RecordDispatcher d = withDlq(table, producer, 1024 * 1024);
    d.dispatch(new Row(Set.of(), null, bytes("k"), bytes("v"), null, null));
    producer.errorNext(new TimeoutException("brokers unavailable"));
    assertThrows(KafkaSendException.class, d::flush);
    assertEquals(0, dlqProducer.history().size(), "outages are not dead letters");
  }

  @Test
  void aComputedTopicNamingTheDlqOrAnInternalTopicIsADeadLetterNotARecord() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = withDlq(table, producer, 1024 * 1024);
    d.dispatch(new Row(Set.of(1), "dlq", bytes("k1"), bytes("{}"), null, null));
    d.dispatch(new Row(Set.of(1), "__consumer_offsets", bytes("k2"), bytes("{}"), null, null));
    d.dispatch(new Row(Set.of(1), "__anything", bytes("k3"), bytes("{}"), null, null));
    d.dispatch(new Row(Set.of(1), "eu", bytes("k4"), bytes("{}"), null, null));
    d.flush();

    assertEquals(List.of("eu"), producer.history().stream().map(ProducerRecord::topic).toList(), "only the allowed topic");
    List<ProducerRecord<byte[], byte[]>> dead = dlqProducer.history();
    assertEquals(List.of("TOPIC_NOT_ALLOWED", "TOPIC_NOT_ALLOWED", "TOPIC_NOT_ALLOWED"),
        dead.stream().map(r -> header(r, DeadLetterHeaders.REASON)).toList());
    assertTrue(header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE).contains("dead-letter topic"));
    assertTrue(header(dead.get(1), DeadLetterHeaders.ERROR_MESSAGE).contains("internal topic"));
    assertTrue(header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE).contains("route.2.topicExpr"));
    assertEquals(3, d.counters().rowsDeadLettered());
    assertEquals(1, d.counters().rowsRouted());
  }

  @Test
  void withoutDlqAComputedInternalTopicFailsTheTaskNamingTheTopic() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = failFast(table, UnmatchedPolicy.FAIL, producer(true));
    RejectedRecordException e = assertThrows(RejectedRecordException.class,
        () -> d.dispatch(new Row(Set.of(1), "__transaction_state", bytes("k"), bytes("{}"), null, null)));
    assertTrue(e.getMessage().contains("__transaction_state"), e.getMessage());
  }

  @Test
  void deadLettersKeepTheInputRecordsTimestampAlsoForAsyncFailures() {
    MockProducer<byte[], byte[]> producer = producer(false);
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RecordDispatcher d = withDlq(table, producer, 1024 * 1024);
    d.dispatch(new TimedRow(new Row(Set.of(), null, bytes("k1"), bytes("{}"), null, null), 1_700_000_000_123L));
    d.dispatch(new TimedRow(new Row(Set.of(0), null, bytes("k2"), bytes("{}"), null, null), 1_700_000_000_456L));
    producer.errorNext(new RecordTooLargeException("too large for the broker"));
    d.flush();

    List<ProducerRecord<byte[], byte[]>> dead = dlqProducer.history();
    assertEquals(2, dead.size());
    assertEquals(1_700_000_000_123L, dead.get(0).timestamp(), "NO_ROUTE dead letter: the input's timestamp");
    assertEquals(1_700_000_000_456L, dead.get(1).timestamp(), "broker-refused record: the input's timestamp");
    assertEquals("RECORD_TOO_LARGE", header(dead.get(1), DeadLetterHeaders.REASON));
  }

  private static final RuleTable RULES =
      new RuleTable(
          List.of(
              new RuleTable.Rule("amount-positive", "amount > 0", RuleAction.DLQ),
              new RuleTable.Rule("has-user", "user IS NOT NULL", RuleAction.DROP),
              new RuleTable.Rule("known-region", "region IN ('eu', 'us')", RuleAction.WARN),
              new RuleTable.Rule("not-test", "NOT is_test", RuleAction.FAIL)));

  private RecordDispatcher withRules(MockProducer<byte[], byte[]> producer) {
    DeadLetterChannel channel =
        new DeadLetterChannel(
            new KafkaDeadLetterWriter(
                dlqProducer, "dlq", new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false, 1024 * 1024)),
            "query-1",
            7L,
            () -> 42L);
    return new RecordDispatcher(
        new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, "standard", false),
        RULES, UnmatchedPolicy.FAIL, producer, channel, null, POLICY, 1024 * 1024, true);
  }

  private static OutputRow ruleRow(long offset, Integer... broken) {
    return new RuleRowOf(
        new Row(Set.of(0), null, bytes("k" + offset), bytes("v"), null, null, "in", 0, offset), Set.of(broken));
  }

  @Test
  void eachRuleActionDoesWhatItSaysAndEveryBrokenRuleIsCounted() {
    MockProducer<byte[], byte[]> producer = producer(true);
    RecordDispatcher d = withRules(producer);
    d.dispatch(ruleRow(1)); // every rule holds: routed
    d.dispatch(ruleRow(2, 2)); // warn only: routed, counted
    d.dispatch(ruleRow(3, 1, 2)); // drop (and warn)
    d.dispatch(ruleRow(4, 0, 1, 2)); // dlq beats drop
    d.flush();

    assertEquals(List.of("k1", "k2"), producer.history().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList());
    ProducerRecord<byte[], byte[]> dead = dlqProducer.history().get(0);
    assertEquals(1, dlqProducer.history().size());
    assertEquals("RULE_VIOLATION", header(dead, DeadLetterHeaders.REASON));
    assertEquals("amount-positive", header(dead, DeadLetterHeaders.RULE));
    assertTrue(header(dead, DeadLetterHeaders.ERROR_MESSAGE).contains("validation.rule.amount-positive"));
    assertEquals("urgent", header(dead, DeadLetterHeaders.TARGET_TOPICS), "where the row would have gone");
    DispatchCounters c = d.counters();
    assertEquals(4, c.rowsIn());
    assertEquals(2, c.rowsRouted());
    assertEquals(1, c.rowsDropped());
    assertEquals(1, c.rowsDeadLettered());
    assertEquals(c.rowsIn(), c.rowsRouted() + c.rowsDeadLettered() + c.rowsDropped());
    assertArrayEquals(new long[] {1, 2, 3, 0}, c.violationsByRule());
    assertEquals(6, c.count(Outcome.RULE_VIOLATIONS));
  }

  @Test
  void aBrokenFailRuleFailsTheTaskNamingTheRuleAndTheRow() {
    RecordDispatcher d = withRules(producer(true));
    RuleViolationException e = assertThrows(RuleViolationException.class, () -> d.dispatch(ruleRow(9, 0, 3)));
    assertTrue(e.getMessage().contains("'not-test'"), e.getMessage());
    assertTrue(e.getMessage().contains("validation.rule.not-test"), e.getMessage());
    assertTrue(e.getMessage().contains("topic in, partition 0, offset 9"), e.getMessage());
    assertEquals(0, dlqProducer.history().size(), "fail beats dlq: no dead letter");
  }
}
