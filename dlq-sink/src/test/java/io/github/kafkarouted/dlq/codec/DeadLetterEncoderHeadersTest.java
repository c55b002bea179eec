package io.github.kafkarouted.dlq.codec;

import static io.github.kafkarouted.dlq.model.TestDeadLetters.DLQ;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.lastString;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.model.TestDeadLetters;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeadLetterEncoderHeadersTest {

  private static final int MAX_REQUEST_SIZE = 1024 * 1024;

  private static ProducerRecord<byte[], byte[]> encode(HeaderStyle style, boolean stack, DeadLetter dl) {
    return new DeadLetterEncoder(style, DeadLetterFormat.HEADERS, stack, MAX_REQUEST_SIZE).encode(DLQ, dl);
  }

  private static List<String> names(ProducerRecord<byte[], byte[]> r) {
    List<String> names = new ArrayList<>();
    r.headers().forEach(h -> names.add(h.key()));
    return names;
  }

  /** The context header names written after the three original headers. */
  private static List<String> contextNames(ProducerRecord<byte[], byte[]> r) {
    List<String> all = names(r);
    return all.subList(3, all.size());
  }

  @ParameterizedTest
  @EnumSource(HeaderStyle.class)
  void keyValueTimestampAndOriginalHeadersAreKept(HeaderStyle style) {
    DeadLetter dl = TestDeadLetters.full().build();
    ProducerRecord<byte[], byte[]> r = encode(style, true, dl);
    assertEquals(DLQ, r.topic());
    assertNull(r.partition());
    assertSame(dl.key(), r.key());
    assertSame(dl.value(), r.value());
    assertEquals(TestDeadLetters.TIMESTAMP, r.timestamp());
    Header[] headers = r.headers().toArray();
    TestDeadLetters.assertHeadersEqual(dl.headers(), Arrays.asList(headers).subList(0, 3));
    // Our reason and routing context are written whatever the style.
    assertEquals("RECORD_TOO_LARGE", lastString(r, "kafka-routed.dlq.reason"));
    assertEquals("orders.eu,orders.us", lastString(r, "kafka-routed.dlq.target.topics"));
    assertEquals("9f1c-query", lastString(r, "kafka-routed.dlq.query.id"));
    assertEquals("17", lastString(r, "kafka-routed.dlq.batch.id"));
    assertEquals(Long.toString(TestDeadLetters.FAILED_AT), lastString(r, "kafka-routed.dlq.time"));
    assertEquals("2", lastString(r, "kafka-routed.dlq.replay.count"));
    assertEquals("1", lastString(r, "kafka-routed.dlq.schema.version"));
    assertEquals("headers", lastString(r, "kafka-routed.dlq.format"));
    assertEquals(style.optionValue(), lastString(r, "kafka-routed.dlq.style"));
    assertEquals("orders-in-3-1042:__dlq/2/orders.eu,orders.us", lastString(r, "kafka-routed.idempotency.key"));
  }

  @Test
  void nativeStyleWritesOurNamesAsStrings() {
    ProducerRecord<byte[], byte[]> r = encode(HeaderStyle.NATIVE, true, TestDeadLetters.full().build());
    assertEquals(List.of(
        "kafka-routed.dlq.format", "kafka-routed.dlq.style", "kafka-routed.dlq.schema.version",
        "kafka-routed.dlq.reason", "kafka-routed.idempotency.key",
        "kafka-routed.dlq.error.class", "kafka-routed.dlq.error.message", "kafka-routed.dlq.error.stacktrace",
        "kafka-routed.dlq.source.topic", "kafka-routed.dlq.source.partition", "kafka-routed.dlq.source.offset",
        "kafka-routed.dlq.target.topics", "kafka-routed.dlq.query.id", "kafka-routed.dlq.batch.id",
        "kafka-routed.dlq.time", "kafka-routed.dlq.replay.count"), contextNames(r));
    assertEquals("org.apache.kafka.common.errors.RecordTooLargeException", lastString(r, "kafka-routed.dlq.error.class"));
    assertEquals("The message is 2000000 bytes", lastString(r, "kafka-routed.dlq.error.message"));
    assertTrue(lastString(r, "kafka-routed.dlq.error.stacktrace").contains("at X.y(X.java:1)"));
    assertEquals("orders-in", lastString(r, "kafka-routed.dlq.source.topic"));
    assertEquals("3", lastString(r, "kafka-routed.dlq.source.partition"));
    assertEquals("1042", lastString(r, "kafka-routed.dlq.source.offset"));
  }

  @Test
  void connectStyleWritesConnectNamesAsStrings() {
    ProducerRecord<byte[], byte[]> r = encode(HeaderStyle.CONNECT, true, TestDeadLetters.full().build());
    assertEquals(List.of(
        "kafka-routed.dlq.format", "kafka-routed.dlq.style", "kafka-routed.dlq.schema.version",
        "kafka-routed.dlq.reason", "kafka-routed.idempotency.key",
        "__connect.errors.exception.class.name", "__connect.errors.exception.message",
        "__connect.errors.exception.stacktrace", "__connect.errors.topic", "__connect.errors.partition",
        "__connect.errors.offset",
        "kafka-routed.dlq.target.topics", "kafka-routed.dlq.query.id", "kafka-routed.dlq.batch.id",
        "kafka-routed.dlq.time", "kafka-routed.dlq.replay.count"), contextNames(r));
    assertEquals("org.apache.kafka.common.errors.RecordTooLargeException",
        lastString(r, "__connect.errors.exception.class.name"));
    assertEquals("The message is 2000000 bytes", lastString(r, "__connect.errors.exception.message"));
    assertEquals("orders-in", lastString(r, "__connect.errors.topic"));
    assertEquals("3", lastString(r, "__connect.errors.partition"));
    assertEquals("1042", lastString(r, "__connect.errors.offset"));
  }

  @Test
  void streamsStyleWritesKip1034NamesAsStrings() {
    ProducerRecord<byte[], byte[]> r = encode(HeaderStyle.STREAMS, true, TestDeadLetters.full().build());
    assertEquals(List.of(
        "kafka-routed.dlq.format", "kafka-routed.dlq.style", "kafka-routed.dlq.schema.version",
        "kafka-routed.dlq.reason", "kafka-routed.idempotency.key",
        "__streams.errors.exception", "__streams.errors.message", "__streams.errors.stacktrace",
        "__streams.errors.topic", "__streams.errors.partition", "__streams.errors.offset",
        "kafka-routed.dlq.target.topics", "kafka-routed.dlq.query.id", "kafka-routed.dlq.batch.id",
        "kafka-routed.dlq.time", "kafka-routed.dlq.replay.count"), contextNames(r));
    assertEquals("org.apache.kafka.common.errors.RecordTooLargeException", lastString(r, "__streams.errors.exception"));
    assertEquals("The message is 2000000 bytes", lastString(r, "__streams.errors.message"));
    assertEquals("orders-in", lastString(r, "__streams.errors.topic"));
    assertEquals("3", lastString(r, "__streams.errors.partition"));
    assertEquals("1042", lastString(r, "__streams.errors.offset"));
  }

  @Test
  void springStyleWritesDltNamesWithBinaryNumbers() {
    ProducerRecord<byte[], byte[]> r = encode(HeaderStyle.SPRING, true, TestDeadLetters.full().build());
    assertEquals(List.of(
        "kafka-routed.dlq.format", "kafka-routed.dlq.style", "kafka-routed.dlq.schema.version",
        "kafka-routed.dlq.reason", "kafka-routed.idempotency.key",
        "kafka_dlt-exception-fqcn", "kafka_dlt-exception-message", "kafka_dlt-exception-stacktrace",
        "kafka_dlt-original-topic", "kafka_dlt-original-partition", "kafka_dlt-original-offset",
        "kafka_dlt-original-timestamp", "kafka_dlt-original-timestamp-type",
        "kafka-routed.dlq.target.topics", "kafka-routed.dlq.query.id", "kafka-routed.dlq.batch.id",
        "kafka-routed.dlq.time", "kafka-routed.dlq.replay.count"), contextNames(r));
    assertEquals("org.apache.kafka.common.errors.RecordTooLargeException", lastString(r, "kafka_dlt-exception-fqcn"));
    assertEquals("The message is 2000000 bytes", lastString(r, "kafka_dlt-exception-message"));
    assertEquals("orders-in", lastString(r, "kafka_dlt-original-topic"));
    assertArrayEquals(new byte[] {0, 0, 0, 3}, r.headers().lastHeader("kafka_dlt-original-partition").value());
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 4, 18}, r.headers().lastHeader("kafka_dlt-original-offset").value());
    assertEquals(TestDeadLetters.TIMESTAMP,
        ByteBuffer.wrap(r.headers().lastHeader("kafka_dlt-original-timestamp").value()).getLong());
    assertEquals(8, r.headers().lastHeader("kafka_dlt-original-timestamp").value().length);
    assertEquals("CreateTime", lastString(r, "kafka_dlt-original-timestamp-type"));
  }

  @Test
  void springStyleOmitsTimestampHeadersWithoutAnOriginalTimestamp() {
    ProducerRecord<byte[], byte[]> r =
        encode(HeaderStyle.SPRING, false, TestDeadLetters.full().timestampMillis(null).build());
    assertNull(r.timestamp());
    assertNull(r.headers().lastHeader("kafka_dlt-original-timestamp"));
    assertNull(r.headers().lastHeader("kafka_dlt-original-timestamp-type"));
  }

  @ParameterizedTest
  @EnumSource(HeaderStyle.class)
  void stackTraceIsWrittenOnlyWhenEnabled(HeaderStyle style) {
    Map<HeaderStyle, String> stackHeader = Map.of(
        HeaderStyle.NATIVE, "kafka-routed.dlq.error.stacktrace",
        HeaderStyle.CONNECT, "__connect.errors.exception.stacktrace",
        HeaderStyle.STREAMS, "__streams.errors.stacktrace",
        HeaderStyle.SPRING, "kafka_dlt-exception-stacktrace");
    DeadLetter dl = TestDeadLetters.full().build();
    assertNotNull(encode(style, true, dl).headers().lastHeader(stackHeader.get(style)));
    ProducerRecord<byte[], byte[]> without = encode(style, false, dl);
    for (Header h : without.headers()) {
      assertTrue(!h.key().contains("stacktrace"), h.key());
    }
  }

  @Test
  void missingOptionalFieldsWriteNoHeader() {
    DeadLetter dl = TestDeadLetters.full()
        .errorMessage(null).stackTrace(null).targetTopics(List.of())
        .sourceTopic(null).sourcePartition(null).sourceOffset(null).build();
    ProducerRecord<byte[], byte[]> r = encode(HeaderStyle.NATIVE, true, dl);
    for (String absent : List.of("kafka-routed.dlq.error.message", "kafka-routed.dlq.error.stacktrace",
        "kafka-routed.dlq.target.topics", "kafka-routed.dlq.source.topic", "kafka-routed.dlq.source.partition",
        "kafka-routed.dlq.source.offset", "kafka-routed.idempotency.key")) {
      assertNull(r.headers().lastHeader(absent), absent);
    }
  }

  @Test
  void errorMessageAndStackTraceAreCapped() {
    String longMessage = "m".repeat(10_000);
    String longStack = "s".repeat(100_000);
    ProducerRecord<byte[], byte[]> r = encode(HeaderStyle.NATIVE, true,
        TestDeadLetters.full().errorMessage(longMessage).stackTrace(longStack).build());
    String message = lastString(r, "kafka-routed.dlq.error.message");
    assertTrue(message.startsWith("m".repeat(DeadLetterEncoder.MAX_ERROR_MESSAGE_CHARS) + "... ["), message);
    assertTrue(message.endsWith("7952 more chars cut]"), message);
    assertTrue(message.length() < DeadLetterEncoder.MAX_ERROR_MESSAGE_CHARS + 40);
    String stack = lastString(r, "kafka-routed.dlq.error.stacktrace");
    assertTrue(stack.length() < DeadLetterEncoder.MAX_STACKTRACE_CHARS + 40, "stack length " + stack.length());
  }

  @Test
  void capNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    String capped = DeadLetterEncoder.cap("a" + emoji + "bcd", 2);
    assertTrue(capped.startsWith("a... ["), capped);
  }

  @Test
  void anOriginalIdempotencyKeyIsReplacedByTheDeadLettersOwn() {
    DeadLetter dl = TestDeadLetters.full()
        .headers(List.of(new RecordHeader("kafka-routed.idempotency.key", utf8("orders-in-3-1042:eu")),
            new RecordHeader("trace", utf8("abc"))))
        .build();
    ProducerRecord<byte[], byte[]> r = encode(HeaderStyle.NATIVE, false, dl);
    List<String> keys = new ArrayList<>();
    r.headers().headers("kafka-routed.idempotency.key").forEach(h -> keys.add(TestDeadLetters.str(h.value())));
    assertEquals(List.of("orders-in-3-1042:__dlq/2/orders.eu,orders.us"), keys);
    assertEquals("trace", r.headers().toArray()[0].key());
  }

  @Test
  void sameDeadLetterEncodesToTheSameBytes() {
    DeadLetter dl = TestDeadLetters.full().build();
    DeadLetterEncoder encoder = new DeadLetterEncoder(HeaderStyle.SPRING, DeadLetterFormat.HEADERS, true, MAX_REQUEST_SIZE);
    ProducerRecord<byte[], byte[]> a = encoder.encode(DLQ, dl);
    ProducerRecord<byte[], byte[]> b = encoder.encode(DLQ, dl);
    assertEquals(a.headers(), b.headers());
  }
}
