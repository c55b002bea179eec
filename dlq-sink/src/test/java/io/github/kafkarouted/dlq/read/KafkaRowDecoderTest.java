package io.github.kafkarouted.dlq.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KafkaRowDecoderTest {

  private static final long TIMESTAMP = 1_700_000_000_123L;
  private static final long FAILED_AT = 1_700_000_005_000L;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int col(String name) {
    return DeadLetterColumns.SCHEMA.fieldIndex(name);
  }

  private static DeadLetter deadLetter() {
    return DeadLetter.builder()
        .key(utf8("order-7"))
        .value(new byte[] {0, 1, (byte) 0xFF})
        .headers(List.of(new RecordHeader("trace", utf8("abc"))))
        .timestampMillis(TIMESTAMP)
        .reason(DeadLetterReason.NO_ROUTE)
        .errorClass("x.NoRoute")
        .errorMessage("no route matched")
        .targetTopics(List.of("a", "b"))
        .sourceTopic("orders")
        .sourcePartition(3)
        .sourceOffset(1042L)
        .queryId("q-1")
        .batchId(17)
        .failedAtMillis(FAILED_AT)
        .replayCount(2)
        .build();
  }

  /** The row Spark's Kafka source would give for a DLQ record (timestamps in microseconds). */
  private static InternalRow kafkaRow(ProducerRecord<byte[], byte[]> r, long offset) {
    List<Object> headers = new ArrayList<>();
    for (Header h : r.headers()) {
      headers.add(new GenericInternalRow(new Object[] {UTF8String.fromString(h.key()), h.value()}));
    }
    long ts = r.timestamp() == null ? FAILED_AT : r.timestamp();
    return new GenericInternalRow(
        new Object[] {
          r.key(), r.value(), UTF8String.fromString(r.topic()), 1, offset, ts * 1000L, 0,
          new GenericArrayData(headers.toArray())
        });
  }

  @ParameterizedTest
  @EnumSource(HeaderStyle.class)
  void everyStyleGivesTheSameTypedColumns(HeaderStyle style) {
    DeadLetterEncoder encoder = new DeadLetterEncoder(style, DeadLetterFormat.HEADERS, false, 1 << 20);
    InternalRow row = KafkaRowDecoder.decode(kafkaRow(encoder.encode("dlq", deadLetter()), 5));
    assertTypedColumns(row);
  }

  @Test
  void theJsonEnvelopeGivesTheSameTypedColumns() {
    DeadLetterEncoder encoder = new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.JSON, false, 1 << 20);
    assertTypedColumns(KafkaRowDecoder.decode(kafkaRow(encoder.encode("dlq", deadLetter()), 5)));
  }

  private static void assertTypedColumns(InternalRow row) {
    assertArrayEquals(utf8("order-7"), row.getBinary(col(DeadLetterColumns.KEY)));
    assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, row.getBinary(col(DeadLetterColumns.VALUE)));
    ArrayData headers = row.getArray(col(DeadLetterColumns.HEADERS));
    assertEquals(1, headers.numElements(), "context headers are stripped");
    assertEquals("trace", headers.getStruct(0, 2).getUTF8String(0).toString());
    assertEquals(TIMESTAMP * 1000L, row.getLong(col(DeadLetterColumns.TIMESTAMP)));
    assertEquals("NO_ROUTE", row.getUTF8String(col(DeadLetterColumns.REASON)).toString());
    assertEquals("x.NoRoute", row.getUTF8String(col(DeadLetterColumns.ERROR_CLASS)).toString());
    assertEquals("no route matched", row.getUTF8String(col(DeadLetterColumns.ERROR_MESSAGE)).toString());
    ArrayData targets = row.getArray(col(DeadLetterColumns.TARGET_TOPICS));
    assertEquals(2, targets.numElements());
    assertEquals("b", targets.getUTF8String(1).toString());
    assertEquals("orders", row.getUTF8String(col(DeadLetterColumns.SOURCE_TOPIC)).toString());
    assertEquals(3, row.getInt(col(DeadLetterColumns.SOURCE_PARTITION)));
    assertEquals(1042L, row.getLong(col(DeadLetterColumns.SOURCE_OFFSET)));
    assertEquals("q-1", row.getUTF8String(col(DeadLetterColumns.QUERY_ID)).toString());
    assertEquals(17L, row.getLong(col(DeadLetterColumns.BATCH_ID)));
    assertEquals(FAILED_AT * 1000L, row.getLong(col(DeadLetterColumns.DEAD_LETTERED_AT)));
    assertEquals(2, row.getInt(col(DeadLetterColumns.REPLAY_COUNT)));
    assertFalse(row.getBoolean(col(DeadLetterColumns.VALUE_TRUNCATED)));
    assertEquals("dlq", row.getUTF8String(col(DeadLetterColumns.DLQ_TOPIC)).toString());
    assertEquals(1, row.getInt(col(DeadLetterColumns.DLQ_PARTITION)));
    assertEquals(5L, row.getLong(col(DeadLetterColumns.DLQ_OFFSET)));
    assertTrue(row.isNullAt(col(DeadLetterColumns.DECODE_ERROR)));
  }

  @Test
  void aRecordThatIsNotADeadLetterKeepsItsBytesAndSaysWhy() {
    ProducerRecord<byte[], byte[]> plain =
        new ProducerRecord<>("dlq", null, TIMESTAMP, utf8("k"), utf8("v"), List.of(new RecordHeader("h", utf8("x"))));
    InternalRow row = KafkaRowDecoder.decode(kafkaRow(plain, 0));
    assertArrayEquals(utf8("v"), row.getBinary(col(DeadLetterColumns.VALUE)));
    assertEquals(1, row.getArray(col(DeadLetterColumns.HEADERS)).numElements());
    assertTrue(row.isNullAt(col(DeadLetterColumns.REASON)));
    assertTrue(row.getUTF8String(col(DeadLetterColumns.DECODE_ERROR)).toString().contains("not a kafka-routed dead letter"));
  }
}
