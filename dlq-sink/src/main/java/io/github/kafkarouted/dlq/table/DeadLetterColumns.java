package io.github.kafkarouted.dlq.table;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a dead letter as a table row: what {@code format("kafka-dead-letters")} reads and
 * what the Delta dead-letter table holds (plus its {@link #DATE} partition column). Column names are
 * public constants so that SQL filters, replay and the Delta writers agree. Constants only.
 */
public final class DeadLetterColumns {

  /** The original record key, or null. */
  public static final String KEY = "key";
  /** The original value bytes (cut when {@link #VALUE_TRUNCATED}). */
  public static final String VALUE = "value";
  /** The original headers, DLQ context headers removed. */
  public static final String HEADERS = "headers";
  /** The original record timestamp, or null when unknown. */
  public static final String TIMESTAMP = "timestamp";
  /** The {@code DeadLetterReason} name. */
  public static final String REASON = "reason";
  public static final String ERROR_CLASS = "error_class";
  public static final String ERROR_MESSAGE = "error_message";
  /** The topics the record was meant for; empty when no route matched. */
  public static final String TARGET_TOPICS = "target_topics";
  public static final String SOURCE_TOPIC = "source_topic";
  public static final String SOURCE_PARTITION = "source_partition";
  public static final String SOURCE_OFFSET = "source_offset";
  public static final String QUERY_ID = "query_id";
  public static final String BATCH_ID = "batch_id";
  /** When the row failed. */
  public static final String DEAD_LETTERED_AT = "dead_lettered_at";
  /** How many times the record had been replayed when it failed; 0 for a first failure. */
  public static final String REPLAY_COUNT = "replay_count";
  /** True when the value was cut to fit the DLQ producer's limit: such a record is never replayed. */
  public static final String VALUE_TRUNCATED = "value_truncated";
  /** Where the dead letter sits in the DLQ topic; null for dead letters written straight to Delta. */
  public static final String DLQ_TOPIC = "dlq_topic";
  public static final String DLQ_PARTITION = "dlq_partition";
  public static final String DLQ_OFFSET = "dlq_offset";
  /**
   * Null for a dead letter; the reason when a DLQ record could not be decoded (not written by
   * kafka-routed, or damaged). Such rows keep their raw key, value and headers and are never replayed.
   */
  public static final String DECODE_ERROR = "decode_error";
  /** Partition column of the Delta table: the UTC date of {@link #DEAD_LETTERED_AT}. */
  public static final String DATE = "date";

  /** {@code array<struct<key:string,value:binary>>}, as Spark's Kafka source and sink. */
  public static final DataType HEADERS_TYPE =
      new ArrayType(
          new StructType()
              .add("key", DataTypes.StringType, true)
              .add("value", DataTypes.BinaryType, true),
          true);

  /** The columns, in this order (ordinals are used by the row decoder). */
  public static final StructType SCHEMA =
      new StructType()
          .add(KEY, DataTypes.BinaryType, true)
          .add(VALUE, DataTypes.BinaryType, true)
          .add(HEADERS, HEADERS_TYPE, true)
          .add(TIMESTAMP, DataTypes.TimestampType, true)
          .add(REASON, DataTypes.StringType, true)
          .add(ERROR_CLASS, DataTypes.StringType, true)
          .add(ERROR_MESSAGE, DataTypes.StringType, true)
          .add(TARGET_TOPICS, new ArrayType(DataTypes.StringType, true), true)
          .add(SOURCE_TOPIC, DataTypes.StringType, true)
          .add(SOURCE_PARTITION, DataTypes.IntegerType, true)
          .add(SOURCE_OFFSET, DataTypes.LongType, true)
          .add(QUERY_ID, DataTypes.StringType, true)
          .add(BATCH_ID, DataTypes.LongType, true)
          .add(DEAD_LETTERED_AT, DataTypes.TimestampType, true)
          .add(REPLAY_COUNT, DataTypes.IntegerType, true)
          .add(VALUE_TRUNCATED, DataTypes.BooleanType, true)
          .add(DLQ_TOPIC, DataTypes.StringType, true)
          .add(DLQ_PARTITION, DataTypes.IntegerType, true)
          .add(DLQ_OFFSET, DataTypes.LongType, true)
          .add(DECODE_ERROR, DataTypes.StringType, true);

  /** {@link #SCHEMA} plus the {@link #DATE} partition column: the Delta dead-letter table. */
  public static final StructType TABLE_SCHEMA = SCHEMA.add(DATE, DataTypes.DateType, true);

  /** SQL that computes {@link #DATE} from the other columns: the UTC date, whatever the session time zone. */
  public static final String DATE_EXPRESSION =
      "date_from_unix_date(CAST(floor(unix_millis(" + DEAD_LETTERED_AT + ") / 86400000) AS INT))";

  private DeadLetterColumns() {}
}
