package io.github.kafkarouted.connector;

import io.github.kafkarouted.connector.config.SinkConf;
import io.github.kafkarouted.connector.config.SinkOptions;
import io.github.kafkarouted.connector.dispatch.Outcome;
import io.github.kafkarouted.connector.foreach.RoutedForeachWriter;
import io.github.kafkarouted.connector.plan.FeedbackLoopCheck;
import io.github.kafkarouted.connector.plan.SinkPlanner;
import io.github.kafkarouted.connector.plan.WriterSpec;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import io.github.kafkarouted.connector.validation.json.JsonSchemaValidator;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder$;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.execution.streaming.sources.ForeachWriterTable;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.util.Left;

/**
 * Entry points besides {@code format("kafka-routed")}.
 *
 * <pre>{@code
 * events.writeStream()
 *     .foreach(KafkaRouted.foreachWriter(events, options))
 *     .trigger(Trigger.RealTime())
 *     .outputMode("update")
 *     .start();
 * }</pre>
 */
public final class KafkaRouted {

  private KafkaRouted() {}

  /**
   * A {@code ForeachWriter} that writes {@code input}'s rows exactly as {@code
   * format("kafka-routed")} would with the same options. Options are checked now, on the driver.
   */
  public static RoutedForeachWriter foreachWriter(Dataset<Row> input, Map<String, String> options) {
    WriterSpec spec = plan(input.schema(), options);
    if (input.isStreaming()) {
      FeedbackLoopCheck.check(input.queryExecution().analyzed(), spec.deadLetters());
    }
    return writer(spec, input.schema());
  }

  /**
   * Registers the strict JSON validation of {@code validation.schema} as a SQL function {@code
   * name(value BINARY) -> STRING}: null when the value parses strictly into {@code ddl}, else the
   * message a SCHEMA_INVALID dead letter would carry (naming the field). For pipelines that do not
   * write to Kafka, e.g. Kafka to Delta bronze ingestion with invalid records diverted to the
   * Delta dead-letter table.
   *
   * @throws IllegalArgumentException if {@code ddl} is not a valid schema
   */
  public static void registerValidator(SparkSession spark, String name, String ddl, boolean allowUnknownFields) {
    JsonSchemaValidator validator = JsonSchemaValidator.fromDdl(ddl, allowUnknownFields);
    spark.udf().register(name, (UDF1<byte[], String>) validator::validate, DataTypes.StringType);
  }

  /**
   * As {@link #foreachWriter(Dataset, Map)}, for rows of {@code schema}. Without the query's plan,
   * a {@code dlq.topic} that is also a source topic cannot be refused (only warned about).
   */
  public static RoutedForeachWriter foreachWriter(StructType schema, Map<String, String> options) {
    WriterSpec spec = plan(schema, options);
    FeedbackLoopCheck.cannotCheck(
        spec.deadLetters(), "the ForeachWriter was made from a schema; use foreachWriter(input, options)");
    return writer(spec, schema);
  }

  /**
   * What {@code format("kafka-routed")} returns with {@code realTimeMode=true}: Spark's own
   * ForeachWriter sink over a {@link RoutedForeachWriter}, built as {@code
   * writeStream().foreach(writer)} builds it. Real-Time Mode admits a sink only by the exact class
   * name of this table (Spark's {@code RealTimeModeAllowlist}), and {@code ForeachWriterTable} is
   * on its list. Spark runs nothing of ours on the driver after this: the error budget is judged
   * by the tasks' windows, as for every ForeachWriter, and the Delta DLQ is refused.
   */
  static Table realTimeModeTable(SinkConf conf, StructType schema) {
    String frontEnd = "option " + SinkOptions.REAL_TIME_MODE + "=true (Spark's ForeachWriter sink)";
    WriterSpec spec = plan(conf, schema, frontEnd);
    FeedbackLoopCheck.cannotCheck(spec.deadLetters(), frontEnd + " is given no plan");
    ExpressionEncoder<Row> encoder = ExpressionEncoder$.MODULE$.apply(schema);
    return new ForeachWriterTable<Row>(writer(spec, schema), new Left<>(encoder));
  }

  private static WriterSpec plan(StructType schema, Map<String, String> options) {
    return plan(SinkConf.parse(options), schema, "the ForeachWriter");
  }

  private static WriterSpec plan(SinkConf conf, StructType schema, String frontEnd) {
    if (conf.exactlyOnce() != null) {
      throw new IllegalArgumentException(
          "Option 'delivery.guarantee=exactly-once' is not supported by " + frontEnd + ": Spark's"
              + " ForeachWriter sink has no driver-side write to prepare the commit markers, and runs under"
              + " Real-Time Mode, where records would only become visible at the end of a batch. Use"
              + " format(\"kafka-routed\") with a micro-batch trigger.");
    }
    if (conf.dlqDeltaOption() != null) {
      throw new IllegalArgumentException(
          "Option '" + conf.dlqDeltaOption() + "' is not supported by " + frontEnd + ", which has no"
              + " driver-side commit to append the Delta table from. Set dlq.topic instead and land the"
              + " DLQ topic in Delta with io.github.kafkarouted.dlq.delta.DeadLetters.toDelta(spark, options).");
    }
    return SinkPlanner.planAndCheckTopics(conf, schema);
  }

  private static RoutedForeachWriter writer(WriterSpec spec, StructType schema) {
    SparkContext sc = SparkSession.active().sparkContext();
    Map<Outcome, LongAccumulator> accumulators = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      accumulators.put(outcome, sc.longAccumulator(RoutedForeachWriter.accumulatorName(outcome)));
    }
    return new RoutedForeachWriter(spec, schema, accumulators);
  }
}
