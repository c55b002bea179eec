package io.github.kafkarouted.dlq.delta;

import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The layout of a staging file: one JSON object per line per dead letter, field names equal to the
 * {@link DeadLetterColumns} names, bytes as base64 and times as epoch milliseconds. Executors write
 * it with Jackson ({@link #write}); the driver reads it with Spark's JSON reader ({@link
 * #READ_SCHEMA}) and turns it into table rows with {@link #TO_COLUMNS}. Constants and a stateless
 * writer method.
 */
final class StagedDeadLetterFormat {

  /** How Spark reads a staging file. */
  static final StructType READ_SCHEMA =
      new StructType()
          .add(DeadLetterColumns.KEY, DataTypes.StringType)
          .add(DeadLetterColumns.VALUE, DataTypes.StringType)
          .add(
              DeadLetterColumns.HEADERS,
              new ArrayType(new StructType().add("key", DataTypes.StringType).add("value", DataTypes.StringType), true))
          .add(DeadLetterColumns.TIMESTAMP, DataTypes.LongType)
          .add(DeadLetterColumns.REASON, DataTypes.StringType)
          .add(DeadLetterColumns.ERROR_CLASS, DataTypes.StringType)
          .add(DeadLetterColumns.ERROR_MESSAGE, DataTypes.StringType)
          .add(DeadLetterColumns.TARGET_TOPICS, new ArrayType(DataTypes.StringType, true))
          .add(DeadLetterColumns.SOURCE_TOPIC, DataTypes.StringType)
          .add(DeadLetterColumns.SOURCE_PARTITION, DataTypes.IntegerType)
          .add(DeadLetterColumns.SOURCE_OFFSET, DataTypes.LongType)
          .add(DeadLetterColumns.QUERY_ID, DataTypes.StringType)
          .add(DeadLetterColumns.BATCH_ID, DataTypes.LongType)
          .add(DeadLetterColumns.DEAD_LETTERED_AT, DataTypes.LongType)
          .add(DeadLetterColumns.REPLAY_COUNT, DataTypes.IntegerType);

  /** SQL expressions from {@link #READ_SCHEMA} to {@link DeadLetterColumns#SCHEMA}, in its order. */
  static final List<String> TO_COLUMNS =
      List.of(
          "unbase64(key) AS key",
          "unbase64(value) AS value",
          "transform(headers, h -> named_struct('key', h.key, 'value', unbase64(h.value))) AS headers",
          "timestamp_millis(timestamp) AS timestamp",
          "reason",
          "error_class",
          "error_message",
          "target_topics",
          "source_topic",
          "source_partition",
          "source_offset",
          "query_id",
          "batch_id",
          "timestamp_millis(dead_lettered_at) AS dead_lettered_at",
          "replay_count",
          "false AS value_truncated",
          "CAST(NULL AS STRING) AS dlq_topic",
          "CAST(NULL AS INT) AS dlq_partition",
          "CAST(NULL AS BIGINT) AS dlq_offset",
          "CAST(NULL AS STRING) AS decode_error");

  private StagedDeadLetterFormat() {}

  /** Writes one dead letter as one JSON object (the caller adds the line break). */
  static void write(DeadLetter dl, JsonGenerator g) throws IOException {
    g.writeStartObject();
    binary(g, DeadLetterColumns.KEY, dl.key());
    binary(g, DeadLetterColumns.VALUE, dl.value());
    g.writeArrayFieldStart(DeadLetterColumns.HEADERS);
    for (Header h : dl.headers()) {
      g.writeStartObject();
      g.writeStringField("key", h.key());
      binary(g, "value", h.value());
      g.writeEndObject();
    }
    g.writeEndArray();
    if (dl.timestampMillis() != null) {
      g.writeNumberField(DeadLetterColumns.TIMESTAMP, dl.timestampMillis());
    }
    g.writeStringField(DeadLetterColumns.REASON, dl.reason().name());
    g.writeStringField(DeadLetterColumns.ERROR_CLASS, dl.errorClass());
    g.writeStringField(DeadLetterColumns.ERROR_MESSAGE, dl.errorMessage());
    g.writeArrayFieldStart(DeadLetterColumns.TARGET_TOPICS);
    for (String t : dl.targetTopics()) {
      g.writeString(t);
    }
    g.writeEndArray();
    g.writeStringField(DeadLetterColumns.SOURCE_TOPIC, dl.sourceTopic());
    if (dl.sourcePartition() != null) {
      g.writeNumberField(DeadLetterColumns.SOURCE_PARTITION, dl.sourcePartition());
    }
    if (dl.sourceOffset() != null) {
      g.writeNumberField(DeadLetterColumns.SOURCE_OFFSET, dl.sourceOffset());
    }
    g.writeStringField(DeadLetterColumns.QUERY_ID, dl.queryId());
    g.writeNumberField(DeadLetterColumns.BATCH_ID, dl.batchId());
    g.writeNumberField(DeadLetterColumns.DEAD_LETTERED_AT, dl.failedAtMillis());
    g.writeNumberField(DeadLetterColumns.REPLAY_COUNT, dl.replayCount());
    g.writeEndObject();
  }

  private static void binary(JsonGenerator g, String field, byte[] b) throws IOException {
    if (b != null) {
      g.writeStringField(field, java.util.Base64.getEncoder().encodeToString(b));
    }
  }

  /** The conversion as one SELECT list, for logs and tests. */
  static String selectList() {
    return TO_COLUMNS.stream().collect(Collectors.joining(", "));
  }
}
