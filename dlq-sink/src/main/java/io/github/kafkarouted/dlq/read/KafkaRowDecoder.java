package io.github.kafkarouted.dlq.read;

import io.github.kafkarouted.dlq.codec.DeadLetterDecoder;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DecodedDeadLetter;
import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns one row of Spark's Kafka source (read with headers) into one row of {@link
 * DeadLetterColumns#SCHEMA}, decoding the context with {@link DeadLetterDecoder}. A record that is
 * not a kafka-routed dead letter becomes a row with its raw key, value and headers and a {@link
 * DeadLetterColumns#DECODE_ERROR}, rather than failing the query. Stateless; the returned row is
 * new for every call.
 */
public final class KafkaRowDecoder {

  // Spark's Kafka source columns: key, value, topic, partition, offset, timestamp, timestampType, headers.
  private static final int KEY = 0;
  private static final int VALUE = 1;
  private static final int TOPIC = 2;
  private static final int PARTITION = 3;
  private static final int OFFSET = 4;
  private static final int TIMESTAMP = 5;
  private static final int TIMESTAMP_TYPE = 6;
  private static final int HEADERS = 7;

  // Output ordinals, from the schema's declared order.
  private static final int OUT_KEY = ordinal(DeadLetterColumns.KEY);
  private static final int OUT_VALUE = ordinal(DeadLetterColumns.VALUE);
  private static final int OUT_HEADERS = ordinal(DeadLetterColumns.HEADERS);
  private static final int OUT_TIMESTAMP = ordinal(DeadLetterColumns.TIMESTAMP);
  private static final int OUT_REASON = ordinal(DeadLetterColumns.REASON);
  private static final int OUT_ERROR_CLASS = ordinal(DeadLetterColumns.ERROR_CLASS);
  private static final int OUT_ERROR_MESSAGE = ordinal(DeadLetterColumns.ERROR_MESSAGE);
  private static final int OUT_TARGET_TOPICS = ordinal(DeadLetterColumns.TARGET_TOPICS);
  private static final int OUT_SOURCE_TOPIC = ordinal(DeadLetterColumns.SOURCE_TOPIC);
  private static final int OUT_SOURCE_PARTITION = ordinal(DeadLetterColumns.SOURCE_PARTITION);
  private static final int OUT_SOURCE_OFFSET = ordinal(DeadLetterColumns.SOURCE_OFFSET);
  private static final int OUT_QUERY_ID = ordinal(DeadLetterColumns.QUERY_ID);
  private static final int OUT_BATCH_ID = ordinal(DeadLetterColumns.BATCH_ID);
  private static final int OUT_DEAD_LETTERED_AT = ordinal(DeadLetterColumns.DEAD_LETTERED_AT);
  private static final int OUT_REPLAY_COUNT = ordinal(DeadLetterColumns.REPLAY_COUNT);
  private static final int OUT_VALUE_TRUNCATED = ordinal(DeadLetterColumns.VALUE_TRUNCATED);
  private static final int OUT_DLQ_TOPIC = ordinal(DeadLetterColumns.DLQ_TOPIC);
  private static final int OUT_DLQ_PARTITION = ordinal(DeadLetterColumns.DLQ_PARTITION);
  private static final int OUT_DLQ_OFFSET = ordinal(DeadLetterColumns.DLQ_OFFSET);
  private static final int OUT_DECODE_ERROR = ordinal(DeadLetterColumns.DECODE_ERROR);

  private static final DeadLetterDecoder DECODER = new DeadLetterDecoder();

  private KafkaRowDecoder() {}

  private static int ordinal(String column) {
    return DeadLetterColumns.SCHEMA.fieldIndex(column);
  }

  /** Decodes a Kafka source row (with {@code includeHeaders=true}). */
  public static InternalRow decode(InternalRow kafkaRow) {
    ConsumerRecord<byte[], byte[]> record = toRecord(kafkaRow);
    Object[] out = new Object[DeadLetterColumns.SCHEMA.size()];
    out[OUT_DLQ_TOPIC] = UTF8String.fromString(record.topic());
    out[OUT_DLQ_PARTITION] = record.partition();
    out[OUT_DLQ_OFFSET] = record.offset();
    DecodedDeadLetter decoded;
    try {
      decoded = DECODER.decode(record);
    } catch (IllegalArgumentException e) {
      out[OUT_KEY] = record.key();
      out[OUT_VALUE] = record.value();
      out[OUT_HEADERS] = headers(List.of(record.headers().toArray()));
      out[OUT_TIMESTAMP] = kafkaRow.isNullAt(TIMESTAMP) ? null : kafkaRow.getLong(TIMESTAMP);
      out[OUT_DECODE_ERROR] = UTF8String.fromString(e.getMessage());
      return new GenericInternalRow(out);
    }
    DeadLetter dl = decoded.deadLetter();
    out[OUT_KEY] = dl.key();
    out[OUT_VALUE] = dl.value();
    out[OUT_HEADERS] = headers(dl.headers());
    out[OUT_TIMESTAMP] = dl.timestampMillis() == null ? null : dl.timestampMillis() * 1000L;
    out[OUT_REASON] = UTF8String.fromString(dl.reason().name());
    out[OUT_ERROR_CLASS] = UTF8String.fromString(dl.errorClass());
    out[OUT_ERROR_MESSAGE] = utf8(dl.errorMessage());
    out[OUT_TARGET_TOPICS] = strings(dl.targetTopics());
    out[OUT_SOURCE_TOPIC] = utf8(dl.sourceTopic());
    out[OUT_SOURCE_PARTITION] = dl.sourcePartition();
    out[OUT_SOURCE_OFFSET] = dl.sourceOffset();
    out[OUT_QUERY_ID] = UTF8String.fromString(dl.queryId());
    out[OUT_BATCH_ID] = dl.batchId();
    out[OUT_DEAD_LETTERED_AT] = dl.failedAtMillis() * 1000L;
    out[OUT_REPLAY_COUNT] = dl.replayCount();
    out[OUT_VALUE_TRUNCATED] = decoded.valueTruncated();
    return new GenericInternalRow(out);
  }

  private static ConsumerRecord<byte[], byte[]> toRecord(InternalRow row) {
    byte[] key = row.isNullAt(KEY) ? null : row.getBinary(KEY);
    byte[] value = row.isNullAt(VALUE) ? null : row.getBinary(VALUE);
    RecordHeaders headers = new RecordHeaders();
    if (row.numFields() > HEADERS && !row.isNullAt(HEADERS)) {
      ArrayData array = row.getArray(HEADERS);
      for (int i = 0; i < array.numElements(); i++) {
        InternalRow h = array.getStruct(i, 2);
        headers.add(new RecordHeader(h.getUTF8String(0).toString(), h.isNullAt(1) ? null : h.getBinary(1)));
      }
    }
    long timestampMillis = row.isNullAt(TIMESTAMP) ? -1L : Math.floorDiv(row.getLong(TIMESTAMP), 1000L);
    TimestampType type = row.isNullAt(TIMESTAMP_TYPE) ? TimestampType.NO_TIMESTAMP_TYPE : timestampType(row.getInt(TIMESTAMP_TYPE));
    return new ConsumerRecord<>(
        row.getUTF8String(TOPIC).toString(),
        row.getInt(PARTITION),
        row.getLong(OFFSET),
        timestampMillis,
        type,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        headers,
        Optional.empty());
  }

  /** Spark's Kafka source writes {@code TimestampType.id}: 0 create time, 1 log-append time. */
  private static TimestampType timestampType(int id) {
    for (TimestampType t : TimestampType.values()) {
      if (t.id == id) {
        return t;
      }
    }
    return TimestampType.NO_TIMESTAMP_TYPE;
  }

  private static ArrayData headers(List<Header> headers) {
    List<Object> rows = new ArrayList<>(headers.size());
    for (Header h : headers) {
      rows.add(new GenericInternalRow(new Object[] {UTF8String.fromString(h.key()), h.value()}));
    }
    return new GenericArrayData(rows.toArray());
  }

  private static ArrayData strings(List<String> values) {
    Object[] out = new Object[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = UTF8String.fromString(values.get(i));
    }
    return new GenericArrayData(out);
  }

  private static UTF8String utf8(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }
}
