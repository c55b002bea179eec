package io.github.kafkarouted.dlq.codec;

import static io.github.kafkarouted.dlq.model.TestDeadLetters.DLQ;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.assertSameDeadLetter;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.consumed;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.DecodedDeadLetter;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.model.TestDeadLetters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeadLetterDecoderTest {

  private final DeadLetterDecoder decoder = new DeadLetterDecoder();

  static Stream<Arguments> stylesAndFormats() {
    List<Arguments> args = new ArrayList<>();
    for (DeadLetterFormat format : DeadLetterFormat.values()) {
      for (HeaderStyle style : HeaderStyle.values()) {
        args.add(Arguments.of(style, format));
      }
    }
    return args.stream();
  }

  private DecodedDeadLetter roundTrip(HeaderStyle style, DeadLetterFormat format, boolean stack, DeadLetter dl) {
    ProducerRecord<byte[], byte[]> r = new DeadLetterEncoder(style, format, stack, 1024 * 1024).encode(DLQ, dl);
    return decoder.decode(consumed(r));
  }

  @ParameterizedTest
  @MethodSource("stylesAndFormats")
  void everyFieldSurvivesARoundTrip(HeaderStyle style, DeadLetterFormat format) {
    DeadLetter dl = TestDeadLetters.full().build();
    DecodedDeadLetter decoded = roundTrip(style, format, true, dl);
    assertSameDeadLetter(dl, decoded.deadLetter());
    assertEquals(format, decoded.format());
    assertEquals(format == DeadLetterFormat.JSON ? null : style, decoded.style());
    assertFalse(decoded.valueTruncated());
    assertEquals(1, decoded.schemaVersion());
    assertEquals(DLQ, decoded.dlqTopic());
    assertEquals(99L, decoded.dlqOffset());
  }

  @ParameterizedTest
  @MethodSource("stylesAndFormats")
  void minimalDeadLetterSurvivesARoundTrip(HeaderStyle style, DeadLetterFormat format) {
    DeadLetter dl = DeadLetter.builder()
        .reason(DeadLetterReason.NO_ROUTE).errorClass("io.github.kafkarouted.NoRoute")
        .queryId("q").batchId(0).failedAtMillis(5).timestampMillis(4L).value(utf8("v")).build();
    assertSameDeadLetter(dl, roundTrip(style, format, true, dl).deadLetter());
  }

  @ParameterizedTest
  @MethodSource("stylesAndFormats")
  void stackTraceComesBackOnlyWhenItWasWritten(HeaderStyle style, DeadLetterFormat format) {
    DeadLetter dl = TestDeadLetters.full().build();
    assertNull(roundTrip(style, format, false, dl).deadLetter().stackTrace());
    assertEquals(dl.stackTrace(), roundTrip(style, format, true, dl).deadLetter().stackTrace());
  }

  @ParameterizedTest
  @MethodSource("stylesAndFormats")
  void originalHeadersThatReuseContextNamesAreKeptAsOriginals(HeaderStyle style, DeadLetterFormat format) {
    // E.g. the input was itself read from another DLQ.
    List<Header> originals = List.of(
        new RecordHeader("kafka-routed.dlq.format", utf8("headers")),
        new RecordHeader("kafka-routed.dlq.reason", utf8("NO_ROUTE")),
        new RecordHeader("__connect.errors.topic", utf8("elsewhere")),
        new RecordHeader("__streams.errors.exception", utf8("x.Y")),
        new RecordHeader("kafka_dlt-original-partition", new byte[] {0, 0, 0, 9}),
        new RecordHeader("kafka-routed.dlq.error.class", utf8("x.Z")));
    DeadLetter dl = TestDeadLetters.full().headers(originals).build();
    assertSameDeadLetter(dl, roundTrip(style, format, true, dl).deadLetter());
  }

  @Test
  void jsonKeepsANullTimestampExactly() {
    DeadLetter dl = TestDeadLetters.full().timestampMillis(null).build();
    assertNull(roundTrip(HeaderStyle.NATIVE, DeadLetterFormat.JSON, true, dl).deadLetter().timestampMillis());
  }

  @Test
  void springKeepsTheOriginalTimestampEvenOnALogAppendTimeTopic() {
    ProducerRecord<byte[], byte[]> r = new DeadLetterEncoder(HeaderStyle.SPRING, DeadLetterFormat.HEADERS, false,
        1 << 20).encode(DLQ, TestDeadLetters.full().build());
    ConsumerRecord<byte[], byte[]> c = new ConsumerRecord<>(DLQ, 0, 1L, 123L, TimestampType.LOG_APPEND_TIME, -1, -1,
        r.key(), r.value(), new RecordHeaders(r.headers().toArray()), Optional.empty());
    assertEquals(TestDeadLetters.TIMESTAMP, decoder.decode(c).deadLetter().timestampMillis());
    ProducerRecord<byte[], byte[]> n = new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false,
        1 << 20).encode(DLQ, TestDeadLetters.full().build());
    ConsumerRecord<byte[], byte[]> logAppend = new ConsumerRecord<>(DLQ, 0, 1L, 123L, TimestampType.LOG_APPEND_TIME,
        -1, -1, n.key(), n.value(), new RecordHeaders(n.headers().toArray()), Optional.empty());
    assertNull(decoder.decode(logAppend).deadLetter().timestampMillis());
  }

  @ParameterizedTest
  @MethodSource("stylesAndFormats")
  void truncatedDeadLetterSaysSo(HeaderStyle style, DeadLetterFormat format) {
    byte[] original = new byte[100_000];
    Arrays.fill(original, (byte) 7);
    original[0] = (byte) 0xFF; // not UTF-8, so JSON carries it as base64 (4/3 expansion)
    DeadLetterEncoder small = new DeadLetterEncoder(style, format, false, 8192);
    DecodedDeadLetter d = decoder.decode(consumed(small.encode(DLQ, TestDeadLetters.full().value(original).build())));
    assertTrue(d.valueTruncated());
    assertEquals(original.length, d.truncation().originalSize());
    assertEquals(ByteCodec.sha256Hex(original), d.truncation().sha256Hex());
    byte[] prefix = d.deadLetter().value();
    assertTrue(prefix.length > 1000 && prefix.length < 8192, "prefix " + prefix.length);
    assertArrayEquals(Arrays.copyOf(original, prefix.length), prefix);
    // Everything but the value still comes back.
    assertSameDeadLetter(TestDeadLetters.full().value(prefix).stackTrace(null).build(), d.deadLetter());
  }

  @Test
  void aRecordWithoutOurHeadersIsRejectedNamingIt() {
    ConsumerRecord<byte[], byte[]> plain = new ConsumerRecord<>("some-topic", 2, 7L, utf8("k"), utf8("v"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(plain));
    assertEquals("cannot decode dead letter some-topic-2@7: not a kafka-routed dead letter: no header "
        + "kafka-routed.dlq.format", e.getMessage());
  }

  @Test
  void aNewerSchemaVersionIsRejected() {
    ProducerRecord<byte[], byte[]> r = new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false,
        1 << 20).encode(DLQ, TestDeadLetters.full().build());
    Header[] headers = Arrays.stream(r.headers().toArray())
        .map(h -> h.key().equals("kafka-routed.dlq.schema.version") ? new RecordHeader(h.key(), utf8("2")) : h)
        .toArray(Header[]::new);
    ConsumerRecord<byte[], byte[]> c = new ConsumerRecord<>(DLQ, 0, 1L, 1L, TimestampType.CREATE_TIME, -1, -1,
        r.key(), r.value(), new RecordHeaders(headers), Optional.empty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(c));
    assertTrue(e.getMessage().contains("schema version 2 is not supported"), e.getMessage());
  }

  @Test
  void aMalformedSpringPartitionIsRejectedNamingTheHeader() {
    ProducerRecord<byte[], byte[]> r = new DeadLetterEncoder(HeaderStyle.SPRING, DeadLetterFormat.HEADERS, false,
        1 << 20).encode(DLQ, TestDeadLetters.full().build());
    Header[] headers = Arrays.stream(r.headers().toArray())
        .map(h -> h.key().equals("kafka_dlt-original-partition") ? new RecordHeader(h.key(), utf8("3")) : h)
        .toArray(Header[]::new);
    ConsumerRecord<byte[], byte[]> c = new ConsumerRecord<>(DLQ, 0, 1L, 1L, TimestampType.CREATE_TIME, -1, -1,
        r.key(), r.value(), new RecordHeaders(headers), Optional.empty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(c));
    assertTrue(e.getMessage().contains("kafka_dlt-original-partition must be a 4-byte big-endian int"), e.getMessage());
  }
}
