package io.github.kafkarouted.dlq.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Fixtures shared by the dead-letter tests (public: the codec tests use them too). */
public final class TestDeadLetters {
  public static final long TIMESTAMP = 1_700_000_000_123L;
  public static final long FAILED_AT = 1_700_000_005_000L;
  public static final String DLQ = "orders-dlq";

  private TestDeadLetters() {}

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** A dead letter with every field set; the value is binary (not UTF-8). */
  public static DeadLetter.Builder full() {
    return DeadLetter.builder()
        .key(utf8("order-7"))
        .value(new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0xC3})
        .headers(List.of(new RecordHeader("trace", utf8("abc")), new RecordHeader("bin", new byte[] {(byte) 0x80}),
            new RecordHeader("nullable", null)))
        .timestampMillis(TIMESTAMP)
        .reason(DeadLetterReason.RECORD_TOO_LARGE)
        .errorClass("org.apache.kafka.common.errors.RecordTooLargeException")
        .errorMessage("The message is 2000000 bytes")
        .stackTrace("org.apache.kafka.common.errors.RecordTooLargeException: boom\n\tat X.y(X.java:1)\n")
        .targetTopics(List.of("orders.eu", "orders.us"))
        .sourceTopic("orders-in")
        .sourcePartition(3)
        .sourceOffset(1042L)
        .queryId("9f1c-query")
        .batchId(17)
        .failedAtMillis(FAILED_AT)
        .replayCount(2);
  }

  /** What a consumer of the DLQ topic would receive for a produced record. */
  public static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> r) {
    long ts = r.timestamp() == null ? FAILED_AT + 1 : r.timestamp();
    RecordHeaders headers = new RecordHeaders(r.headers().toArray());
    return new ConsumerRecord<>(r.topic(), 0, 99L, ts, TimestampType.CREATE_TIME, -1, -1, r.key(), r.value(),
        headers, Optional.empty());
  }

  public static Header last(ProducerRecord<byte[], byte[]> r, String name) {
    return r.headers().lastHeader(name);
  }

  public static String lastString(ProducerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : str(h.value());
  }

  public static void assertHeadersEqual(List<Header> expected, List<Header> actual) {
    assertEquals(expected.size(), actual.size(), "header count");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).key(), actual.get(i).key(), "header " + i + " key");
      assertArrayEquals(expected.get(i).value(), actual.get(i).value(), "header " + i + " value");
    }
  }

  /** Asserts every field equal (byte arrays by content). */
  public static void assertSameDeadLetter(DeadLetter expected, DeadLetter actual) {
    assertArrayEquals(expected.key(), actual.key(), "key");
    assertArrayEquals(expected.value(), actual.value(), "value");
    assertHeadersEqual(expected.headers(), actual.headers());
    assertEquals(expected.timestampMillis(), actual.timestampMillis(), "timestamp");
    assertEquals(expected.reason(), actual.reason(), "reason");
    assertEquals(expected.errorClass(), actual.errorClass(), "errorClass");
    assertEquals(expected.errorMessage(), actual.errorMessage(), "errorMessage");
    assertEquals(expected.stackTrace(), actual.stackTrace(), "stackTrace");
    assertEquals(expected.targetTopics(), actual.targetTopics(), "targetTopics");
    assertEquals(expected.sourceTopic(), actual.sourceTopic(), "sourceTopic");
    assertEquals(expected.sourcePartition(), actual.sourcePartition(), "sourcePartition");
    assertEquals(expected.sourceOffset(), actual.sourceOffset(), "sourceOffset");
    assertEquals(expected.queryId(), actual.queryId(), "queryId");
    assertEquals(expected.batchId(), actual.batchId(), "batchId");
    assertEquals(expected.failedAtMillis(), actual.failedAtMillis(), "failedAtMillis");
    assertEquals(expected.replayCount(), actual.replayCount(), "replayCount");
  }
}
