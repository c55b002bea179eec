package io.github.kafkarouted.dlq.delta;

import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;

import io.github.kafkarouted.dlq.read.DeadLettersProvider;
import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Dataset;
import java.util.List;

/**
 * Ready-made queries over dead letters.
 *
 * <p>{@link #toDelta}: the companion query of a Real-Time Mode pipeline (where Spark admits no Delta
 * sink): the pipeline writes its dead letters to a DLQ topic ({@code dlq.topic}), and this
 * micro-batch query lands them in a Delta dead-letter table with the same columns as {@code
 * dlq.delta.path} gives. Delta's streaming sink makes it exactly-once across restarts.
 */
public final class DeadLetters {

  /** Option of {@link #toDelta}: the Delta table's path. */
  public static final String DELTA_PATH = "delta.path";
  /** Option of {@link #toDelta}: the Delta table's catalog name (instead of {@link #DELTA_PATH}). */
  public static final String DELTA_TABLE = "delta.table";
  /** Option of {@link #toDelta}: the query's checkpoint (required). */
  public static final String CHECKPOINT_LOCATION = "checkpointLocation";
  /** Option of {@link #toDelta}: {@code availableNow} or a processing-time interval; default {@value #DEFAULT_TRIGGER}. */
  public static final String TRIGGER = "trigger";
  /** Option of {@link #toDelta}: the query's name (optional). */
  public static final String QUERY_NAME = "queryName";

  public static final String DEFAULT_TRIGGER = "1 minute";

  private DeadLetters() {}

  /**
   * Starts a micro-batch query from a DLQ topic to a Delta dead-letter table (created if missing,
   * partitioned by date).
   *
   * @param options the Kafka source options of the DLQ topic ({@code kafka.bootstrap.servers},
   *     {@code subscribe}, ...; {@code startingOffsets} defaults to {@code earliest}), plus {@value
   *     #DELTA_PATH} or {@value #DELTA_TABLE}, {@value #CHECKPOINT_LOCATION}, and optionally {@value
   *     #TRIGGER} and {@value #QUERY_NAME}
   * @throws IllegalArgumentException naming the option when one is missing or wrong
   */
  public static StreamingQuery toDelta(SparkSession spark, Map<String, String> options) throws TimeoutException {
    Map<String, String> source = new HashMap<>();
    String path = null;
    String table = null;
    String checkpoint = null;
    String trigger = DEFAULT_TRIGGER;
    String queryName = null;
    for (Map.Entry<String, String> e : options.entrySet()) {
      switch (e.getKey().toLowerCase(Locale.ROOT)) {
        case "delta.path" -> path = e.getValue();
        case "delta.table" -> table = e.getValue();
        case "checkpointlocation" -> checkpoint = e.getValue();
        case "trigger" -> trigger = e.getValue();
        case "queryname" -> queryName = e.getValue();
        default -> source.put(e.getKey(), e.getValue());
      }
    }
    if ((path == null) == (table == null)) {
      throw new IllegalArgumentException("Set exactly one of the options '" + DELTA_PATH + "' and '" + DELTA_TABLE + "'.");
    }
    if (checkpoint == null || checkpoint.isBlank()) {
      throw new IllegalArgumentException("Option '" + CHECKPOINT_LOCATION + "' is required: the companion query's checkpoint.");
    }
    if (source.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("startingOffsets"))) {
      // Dead letters written before the companion first started must land too.
      source.put("startingOffsets", "earliest");
    }
    DeltaDeadLetterTable target = DeltaDeadLetterTable.open(spark, path, table, path != null ? DELTA_PATH : DELTA_TABLE);
    DataStreamWriter<Row> writer =
        spark
            .readStream()
            .format(DeadLettersProvider.SHORT_NAME)
            .options(source)
            .load()
            .withColumn(DeadLetterColumns.DATE, functions.expr(DeadLetterColumns.DATE_EXPRESSION))
            .writeStream()
            .format("delta")
            .outputMode("append")
            .option(CHECKPOINT_LOCATION, checkpoint)
            .trigger(trigger(trigger));
    if (queryName != null) {
      writer = writer.queryName(queryName);
    }
    return writer.start(target.location());
  }

  /**
   * Rows of Spark's Kafka source (key, value, topic, partition, offset, timestamp and, with {@code
   * includeHeaders}, headers) turned into dead-letter rows ({@link DeadLetterColumns#SCHEMA}) with
   * the given reason and the error message of column {@code errorMessageColumn}: for pipelines that
   * divert bad records themselves, e.g. bronze ingestion, then {@link #appendToDelta}.
   */
  public static Dataset<Row> fromKafkaRows(Dataset<Row> kafkaRows, DeadLetterReason reason,
      String errorMessageColumn, String queryId, long batchId) {
    boolean hasHeaders = List.of(kafkaRows.columns()).contains("headers");
    String replayHeader = "'" + DeadLetterHeaders.RECORD_REPLAY_COUNT + "'";
    String headers = hasHeaders ? "coalesce(headers, array())" : "CAST(array() AS " + DeadLetterColumns.HEADERS_TYPE.sql() + ")";
    return kafkaRows.selectExpr(
        "key",
        "value",
        headers + " AS headers",
        "timestamp",
        "'" + reason.name() + "' AS reason",
        "'" + reason.name() + "' AS error_class",
        "CAST(`" + errorMessageColumn.replace("`", "``") + "` AS STRING) AS error_message",
        "CAST(array() AS ARRAY<STRING>) AS target_topics",
        "topic AS source_topic",
        "partition AS source_partition",
        "offset AS source_offset",
        "'" + queryId.replace("'", "\\'") + "' AS query_id",
        "CAST(" + batchId + " AS BIGINT) AS batch_id",
        "current_timestamp() AS dead_lettered_at",
        "coalesce(CAST(CAST(try_element_at(filter(" + headers + ", h -> h.key = " + replayHeader
            + "), -1).value AS STRING) AS INT), 0) AS replay_count",
        "false AS value_truncated",
        "CAST(NULL AS STRING) AS dlq_topic",
        "CAST(NULL AS INT) AS dlq_partition",
        "CAST(NULL AS BIGINT) AS dlq_offset",
        "CAST(NULL AS STRING) AS decode_error");
  }

  /**
   * Appends dead-letter rows to the Delta dead-letter table at {@code path} (created if missing),
   * once per {@code (appId, version)}: call it from {@code foreachBatch} with a stable id and the
   * batch id, and a replayed batch is not appended twice.
   */
  public static void appendToDelta(SparkSession spark, Dataset<Row> deadLetterRows, String path, String appId, long version) {
    DeltaDeadLetterTable.open(spark, path, null, DELTA_PATH).append(deadLetterRows, appId, version);
  }

  private static Trigger trigger(String value) {
    if (value.trim().equalsIgnoreCase("availableNow")) {
      return Trigger.AvailableNow();
    }
    try {
      return Trigger.ProcessingTime(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Option '" + TRIGGER + "' must be availableNow or an interval like '30 seconds', got '" + value + "'", e);
    }
  }
}
