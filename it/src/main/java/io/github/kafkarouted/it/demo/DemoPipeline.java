package io.github.kafkarouted.it.demo;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The demo's streaming query, written the way a user would write it:
 *
 * <pre>
 * Kafka 'events' → from_json → left join with the Delta users table (broadcast)
 *   → format("kafka-routed"): urgent | error | standard, schema validation, dead-letter topic
 * </pre>
 *
 * <p>Under the continuous trigger, which admits no joins, the users table is collected once and
 * looked up with a map literal instead.
 *
 * <p>Stateless; use from the driver thread.
 */
final class DemoPipeline {
  static final String QUERY_NAME = "kafka-routed-demo";

  /** The sink producer's max.request.size: events above it become RECORD_TOO_LARGE dead letters. */
  static final int SINK_MAX_REQUEST_SIZE = 64 * 1024;

  /** The dead-letter producer may send larger records than the routes, so oversize events fit. */
  static final int DLQ_MAX_REQUEST_SIZE = 1024 * 1024;

  /** What a valid event looks like; the sink checks each record value against it. */
  static final String VALIDATION_SCHEMA =
      "event_id STRING NOT NULL, user_id STRING NOT NULL, event_type STRING NOT NULL,"
          + " priority STRING NOT NULL, ts BIGINT NOT NULL";

  /** How the query parses events (lenient, as from_json is: bad fields become null). */
  static final StructType EVENT_SCHEMA =
      new StructType()
          .add("event_id", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("event_type", DataTypes.StringType)
          .add("priority", DataTypes.StringType)
          .add("ts", DataTypes.LongType)
          .add("payload", DataTypes.StringType);

  private DemoPipeline() {}

  /** The session settings the query needs, to pass to the session builder. */
  static Map<String, String> sessionConf(DemoTrigger trigger) {
    if (trigger == DemoTrigger.REALTIME) {
      // Real-Time Mode admits only allowlisted sinks (Spark's console, memory, foreach and kafka
      // sinks, matched by class name); a DataSource V2 sink such as kafka-routed is refused at
      // start() unless this check is off. The same flag covers operators, so the Delta scan and
      // broadcast join also run. (KafkaRouted.foreachWriter is the allowlisted alternative.)
      return Map.of("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
    }
    return Map.of();
  }

  static StreamingQuery start(
      SparkSession spark,
      Map<String, String> kafkaOptions,
      String startingOffsetsJson,
      UsersTable users,
      DemoOptions options,
      Path checkpoint) {
    Dataset<Row> events = parse(source(spark, kafkaOptions, startingOffsetsJson, options.trigger()));
    Dataset<Row> enriched = options.trigger().supportsJoin() ? joinUsers(events, users) : lookupUsers(events, users);
    Dataset<Row> output =
        enriched.select(
            col("key"),
            // Unparseable input passes through as it came, so its dead letter keeps the original bytes.
            when(col("e.event_id").isNull(), col("raw"))
                .otherwise(
                    to_json(
                        struct(
                            col("e.event_id"),
                            col("e.user_id"),
                            col("e.event_type"),
                            col("e.priority"),
                            col("e.ts"),
                            col("tier"),
                            col("country"),
                            col("e.payload"))))
                .as("value"),
            col("e.event_type").as("event_type"),
            col("e.priority").as("priority"),
            col("tier"),
            col("source_topic"),
            col("source_partition"),
            col("source_offset"));
    Map<String, String> dlqOptions = new LinkedHashMap<>();
    // No default topic: an event no route takes is a NO_ROUTE dead letter.
    dlqOptions.put("dlq.topic", DemoTopics.DEAD_LETTERS);
    dlqOptions.put("dlq.kafka.max.request.size", Integer.toString(DLQ_MAX_REQUEST_SIZE));
    dlqOptions.put("validation.schema", VALIDATION_SCHEMA);
    try {
      return output
          .writeStream()
          .queryName(QUERY_NAME)
          .format("kafka-routed")
          .options(kafkaOptions)
          .option("route.1.topic", DemoTopics.URGENT)
          .option("route.1.when", "priority = 'high'")
          .option("route.2.topic", DemoTopics.ERROR)
          .option("route.2.when", "event_type = 'error'")
          .option("route.3.topic", DemoTopics.STANDARD)
          .option("route.3.when", "event_type IN ('" + String.join("','", EventFactory.STANDARD_TYPES) + "')")
          .options(dlqOptions)
          .option("kafka.max.request.size", Integer.toString(SINK_MAX_REQUEST_SIZE))
          .option("checkpointLocation", checkpoint.toAbsolutePath().toString())
          .outputMode(options.trigger() == DemoTrigger.REALTIME ? "update" : "append")
          .trigger(options.trigger().sparkTrigger(options.realTimeBatch()))
          .start();
    } catch (TimeoutException e) {
      throw new IllegalStateException("The query did not start", e);
    }
  }

  private static Dataset<Row> source(
      SparkSession spark, Map<String, String> kafkaOptions, String startingOffsetsJson, DemoTrigger trigger) {
    DataStreamReader reader =
        spark
            .readStream()
            .format("kafka")
            .options(kafkaOptions)
            .option("subscribe", DemoTopics.SOURCE)
            .option("startingOffsets", startingOffsetsJson);
    if (trigger.holdsSlotPerPartition()) {
      // Long-running tasks poll record by record: answer fetches after 10 ms, not the default 500.
      reader = reader.option("kafka.fetch.max.wait.ms", "10");
    }
    return reader.load();
  }

  private static Dataset<Row> parse(Dataset<Row> kafkaRows) {
    return kafkaRows.select(
        col("key"),
        col("value").cast("string").as("raw"),
        from_json(col("value").cast("string"), EVENT_SCHEMA).as("e"),
        col("topic").as("source_topic"),
        col("partition").as("source_partition"),
        col("offset").as("source_offset"));
  }

  /** Stream-static left join: events of unknown users keep going, with null tier and country. */
  private static Dataset<Row> joinUsers(Dataset<Row> events, UsersTable users) {
    Dataset<Row> dim = users.cached();
    return events
        .join(broadcast(dim), events.col("e.user_id").equalTo(dim.col("user_id")), "left_outer")
        .drop(dim.col("user_id"));
  }

  /** The same enrichment as a map lookup: continuous processing supports no join. */
  private static Dataset<Row> lookupUsers(Dataset<Row> events, UsersTable users) {
    Map<String, String[]> byUser = users.collect();
    String[] ids = byUser.keySet().toArray(new String[0]);
    String[] tiers = byUser.values().stream().map(v -> v[0]).toArray(String[]::new);
    String[] countries = byUser.values().stream().map(v -> v[1]).toArray(String[]::new);
    Column user = col("e.user_id");
    return events
        .withColumn("tier", try_element_at(map_from_arrays(lit(ids), lit(tiers)), user))
        .withColumn("country", try_element_at(map_from_arrays(lit(ids), lit(countries)), user));
  }
}
