package io.github.kafkarouted.connector.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The record fields of the evaluated row, in one place: their ordinals, the input columns they come
 * from, their types, and the expressions that compute them (in {@link #expressions}). The rest of
 * the sink asks this class: the planner builds the fields through it, the writers read them by its
 * ordinals. Adding a record field is a constant and a line here, plus the code that reads it.
 *
 * <p>The route fields follow the record fields: one condition per route from {@link #FIELDS}, then
 * one topic expression per route ({@link WriterSpec#whenOrdinal}, {@link
 * WriterSpec#topicExprOrdinal}). Record fields cannot fail to evaluate; route fields can (and then
 * make the row a ROUTE_ERROR).
 */
public final class RecordLayout {

  /** Record key, binary or null. */
  public static final int KEY = 0;
  /** Record value, binary or null. */
  public static final int VALUE = 1;
  /** Target partition, int or null. */
  public static final int PARTITION = 2;
  /** Record headers, {@link #HEADERS_TYPE} or null. */
  public static final int HEADERS = 3;
  /** The {@code topic} column when it is the default route, else null. */
  public static final int TOPIC = 4;
  /** Source coordinates, for dead letters and idempotency keys. */
  public static final int SOURCE_TOPIC = 5;
  public static final int SOURCE_PARTITION = 6;
  public static final int SOURCE_OFFSET = 7;
  /** The input record's timestamp in epoch ms (BIGINT), kept by its dead letters. */
  public static final int ORIGINAL_TIMESTAMP = 8;
  /** How many record fields there are; the route fields start here. */
  public static final int FIELDS = 9;

  static final String KEY_COLUMN = "key";
  static final String VALUE_COLUMN = "value";
  static final String TOPIC_COLUMN = "topic";
  static final String PARTITION_COLUMN = "partition";
  static final String HEADERS_COLUMN = "headers";
  // Spark's Kafka source calls them topic, partition, offset and timestamp; the first two are the
  // sink's own record columns, so source coordinates are renamed.
  public static final String SOURCE_TOPIC_COLUMN = "source_topic";
  public static final String SOURCE_PARTITION_COLUMN = "source_partition";
  static final String SOURCE_OFFSET_COLUMN = "source_offset";
  static final String SOURCE_TIMESTAMP_COLUMN = "source_timestamp";
  /** Spark's Kafka source column; the stock sink ignores it, we only read it when it is a timestamp. */
  static final String KAFKA_TIMESTAMP_COLUMN = "timestamp";

  /** Columns that are record fields rather than payload (left out of value.format=json). */
  static final Set<String> RECORD_COLUMNS =
      Set.of(
          KEY_COLUMN,
          TOPIC_COLUMN,
          PARTITION_COLUMN,
          HEADERS_COLUMN,
          SOURCE_TOPIC_COLUMN,
          SOURCE_PARTITION_COLUMN,
          SOURCE_OFFSET_COLUMN,
          SOURCE_TIMESTAMP_COLUMN);

  static final DataType HEADERS_TYPE =
      new ArrayType(
          new StructType()
              .add("key", DataTypes.StringType, true)
              .add("value", DataTypes.BinaryType, true),
          true);

  private RecordLayout() {}

  /** What the planner offers to build record fields from the input columns. */
  interface Columns {

    /**
     * The column {@code name} (cast to binary for key and value), checked to be one of {@code
     * allowed}; {@code absentSql} when the input has no such column.
     */
    Expression column(String name, String absentSql, DataType... allowed);

    /** The record value as {@code value.format} says. */
    Expression value();

    /** Whether the {@code topic} column is the default route (no {@code topic} option). */
    boolean topicColumnIsDefault();

    /** The type of the input column {@code name}, or null if there is none. */
    DataType typeOf(String name);

    /** {@code sql} resolved over the input; {@code label} names it in errors. */
    Expression sql(String label, String sql);
  }

  /** The record fields, in ordinal order. */
  static List<Expression> expressions(Columns in) {
    List<Expression> out = new ArrayList<>(FIELDS);
    out.add(in.column(KEY_COLUMN, "CAST(NULL AS BINARY)", DataTypes.StringType, DataTypes.BinaryType));
    out.add(in.value());
    out.add(in.column(PARTITION_COLUMN, "CAST(NULL AS INT)", DataTypes.IntegerType));
    out.add(in.column(HEADERS_COLUMN, "CAST(NULL AS " + HEADERS_TYPE.sql() + ")", HEADERS_TYPE));
    out.add(
        in.topicColumnIsDefault()
            ? in.column(TOPIC_COLUMN, null, DataTypes.StringType)
            : in.sql("(none)", "CAST(NULL AS STRING)"));
    out.add(in.column(SOURCE_TOPIC_COLUMN, "CAST(NULL AS STRING)", DataTypes.StringType));
    out.add(in.column(SOURCE_PARTITION_COLUMN, "CAST(NULL AS INT)", DataTypes.IntegerType));
    out.add(in.column(SOURCE_OFFSET_COLUMN, "CAST(NULL AS BIGINT)", DataTypes.LongType));
    out.add(originalTimestamp(in));
    if (out.size() != FIELDS) {
      throw new IllegalStateException("record layout: " + out.size() + " fields built, " + FIELDS + " declared");
    }
    return out;
  }

  /**
   * Column {@code source_timestamp}, else Spark's Kafka source column {@code timestamp} when it is a
   * timestamp (a {@code timestamp} column of another type is not ours to interpret), in epoch ms.
   */
  private static Expression originalTimestamp(Columns in) {
    if (in.typeOf(SOURCE_TIMESTAMP_COLUMN) != null) {
      in.column(SOURCE_TIMESTAMP_COLUMN, null, DataTypes.TimestampType); // type check
      return in.sql(SOURCE_TIMESTAMP_COLUMN + " column", "unix_millis(`" + SOURCE_TIMESTAMP_COLUMN + "`)");
    }
    DataType kafka = in.typeOf(KAFKA_TIMESTAMP_COLUMN);
    return kafka != null && kafka.sameType(DataTypes.TimestampType)
        ? in.sql(KAFKA_TIMESTAMP_COLUMN + " column", "unix_millis(`" + KAFKA_TIMESTAMP_COLUMN + "`)")
        : in.sql(KAFKA_TIMESTAMP_COLUMN + " column", "CAST(NULL AS BIGINT)");
  }
}
