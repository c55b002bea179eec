package io.github.kafkarouted.it.reliability;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.it.spark.SparkSessions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The driver that {@link DriverCrashIntegrationTest} kills: a JVM running one query, Kafka (4
 * partitions) to {@code kafka-routed} with three routes, strict validation and a dead-letter
 * topic, from a fixed checkpoint. Prints {@value #STARTED} once {@code start()} returned, then
 * runs until killed (or until the JVM that launched it exits).
 *
 * <p>Arguments: {@code <microbatch|microbatch-delta|realtime> <parent pid> <bootstrap> <source>
 * <urgent> <errors> <standard> <dlq> <checkpoint>}. Micro-batch uses the DataSource V2 sink with
 * small batches; Real-Time Mode uses the allowlisted {@code KafkaRouted.foreachWriter} with 2 s
 * batches (so that some kills come after a commit). {@code microbatch-delta} is micro-batch with
 * the dead letters in a Delta table instead of a topic: {@code <dlq>} is then the table's path
 * ({@code dlq.delta.path}), the session has Delta's extension and catalog, and batches are smaller
 * ({@value #DELTA_MAX_OFFSETS_PER_TRIGGER} records) because each one ends with a Delta commit of
 * a few seconds (used by {@link DeltaDeadLetterCrashIntegrationTest}).
 */
public final class CrashablePipelineMain {

  static final String STARTED = "CRASHABLE_QUERY_STARTED";

  /** Printed when the query failed with Spark's SPARK-55271 and is started again (see {@link #isSpark55271}). */
  static final String RESTARTED_AFTER_SPARK_55271 = "CRASHABLE_QUERY_RESTARTED_AFTER_SPARK_55271";

  /** Records per micro-batch: many batches, so kills land in the middle of some. */
  static final int MAX_OFFSETS_PER_TRIGGER = 4_000;

  /** Records per micro-batch with the Delta dead-letter table. */
  static final int DELTA_MAX_OFFSETS_PER_TRIGGER = 1_500;

  static final String MICRO_BATCH = "microbatch";
  static final String MICRO_BATCH_DELTA = "microbatch-delta";
  static final String REAL_TIME = "realtime";

  static final String VALIDATION_SCHEMA =
      "id STRING NOT NULL, priority STRING NOT NULL, event_type STRING NOT NULL, ts BIGINT NOT NULL";

  private CrashablePipelineMain() {}

  public static void main(String[] args) throws Exception {
    exitWhenParentDies(Long.parseLong(args[1]));
    String mode = args[0];
    if (!List.of(MICRO_BATCH, MICRO_BATCH_DELTA, REAL_TIME).contains(mode)) {
      throw new IllegalArgumentException("unknown mode " + mode);
    }
    SparkSession spark =
        SparkSessions.local(4)
            .appName("crashable-" + mode)
            .delta(MICRO_BATCH_DELTA.equals(mode))
            .conf("spark.sql.streaming.realTimeMode.minBatchDuration", "1000")
            // Spark 4.1's Real-Time Mode: a driver killed after a batch's offsets and before its
            // commit is written deletes the offsets on restart ("Deleting extra entries in offset
            // log"); for batch 0 the query then starts as new, and the new-checkpoint check refuses
            // the commit log's leftover file (STATE_STORE_CHECKPOINT_LOCATION_NOT_EMPTY) for good.
            // Turning the check off lets it start over from the source's starting offsets (README,
            // Known issues). It only guards against two queries sharing a checkpoint.
            .conf("spark.sql.streaming.verifyCheckpointDirectoryEmptyOnStart", Boolean.toString(!REAL_TIME.equals(mode)))
            .start();
    runRestartingAfterSpark55271(
        () -> startQuery(spark, mode, args[2], args[3], args[4], args[5], args[6], args[7], args[8]));
  }

  /** Something that starts the query. */
  interface QueryStart {
    StreamingQuery start() throws Exception;
  }

  /**
   * Starts the query, prints {@value #STARTED}, and runs it until it ends; starts it again, from its
   * checkpoint, each time it fails with Spark 4.1.1's SPARK-55271 ({@link #isSpark55271}).
   */
  static void runRestartingAfterSpark55271(QueryStart start) throws Exception {
    while (true) {
      StreamingQuery query = start.start();
      System.out.println(STARTED + " " + query.id());
      System.out.flush();
      try {
        query.awaitTermination();
        return;
      } catch (StreamingQueryException e) {
        if (!isSpark55271(e)) {
          throw e;
        }
        // What a job supervisor does: start the query again from its checkpoint.
        System.out.println(RESTARTED_AFTER_SPARK_55271);
        System.out.flush();
      }
    }
  }

  /**
   * Spark 4.1.1's Kafka source (SPARK-55271, fixed after 4.1.1): when the first micro-batch after
   * a restart replays a batch that was planned before the crash, progress reporting throws a
   * NullPointerException in {@code KafkaMicroBatchStream.metrics} and the query fails. The batch
   * itself has run and is committed by then (Spark writes the commit log before it reports
   * progress), so starting the query again goes on from the next batch.
   */
  public static boolean isSpark55271(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NullPointerException) {
        for (StackTraceElement frame : t.getStackTrace()) {
          if (frame.getClassName().startsWith("org.apache.spark.sql.kafka010.KafkaMicroBatchStream")
              && frame.getMethodName().equals("metrics")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Starts the pipeline in {@code spark} (which, for Real-Time Mode, needs at least 4 cores and
   * {@code spark.sql.streaming.realTimeMode.minBatchDuration} at most 2 s; for the Delta
   * dead-letter table, Delta's extension and catalog). {@code dlq} is a topic, or in {@value
   * #MICRO_BATCH_DELTA} mode a Delta table's path.
   */
  static StreamingQuery startQuery(
      SparkSession spark,
      String mode,
      String bootstrap,
      String source,
      String urgent,
      String errors,
      String standard,
      String dlq,
      String checkpoint)
      throws Exception {
    boolean realtime = REAL_TIME.equals(mode);
    boolean delta = MICRO_BATCH_DELTA.equals(mode);
    Dataset<Row> events =
        events(spark, bootstrap, source, realtime, delta ? DELTA_MAX_OFFSETS_PER_TRIGGER : MAX_OFFSETS_PER_TRIGGER);
    Map<String, String> options = options(bootstrap, urgent, errors, standard);
    options.put(delta ? "dlq.delta.path" : "dlq.topic", dlq);

    DataStreamWriter<Row> writer =
        realtime
            ? events
                .writeStream()
                .foreach(KafkaRouted.foreachWriter(events, options))
                .outputMode("update")
                .trigger(Trigger.RealTime("2 seconds"))
            : events
                .writeStream()
                .format("kafka-routed")
                .options(options)
                .trigger(Trigger.ProcessingTime(0));
    return writer.option("checkpointLocation", checkpoint).start();
  }

  /**
   * The source: key, value, the source coordinates and the two fields routes read. Micro-batches
   * of {@code maxOffsetsPerTrigger} records; Real-Time Mode reads with a 10 ms fetch wait.
   */
  static Dataset<Row> events(
      SparkSession spark, String bootstrap, String source, boolean realtime, int maxOffsetsPerTrigger) {
    DataStreamReader reader =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrap)
            .option("subscribe", source)
            .option("startingOffsets", "earliest");
    reader =
        realtime
            ? reader.option("kafka.fetch.max.wait.ms", "10")
            : reader.option("maxOffsetsPerTrigger", Integer.toString(maxOffsetsPerTrigger));
    return reader
            .load()
            .selectExpr(
                "CAST(key AS STRING) AS key",
                "value",
                "topic AS source_topic",
                "partition AS source_partition",
                "offset AS source_offset",
                "get_json_object(CAST(value AS STRING), '$.priority') AS priority",
                "get_json_object(CAST(value AS STRING), '$.event_type') AS event_type");
  }

  /** The sink's options (routes and strict validation) without the dead-letter destination. */
  static Map<String, String> options(String bootstrap, String urgent, String errors, String standard) {
    Map<String, String> options = new HashMap<>();
    options.put("kafka.bootstrap.servers", bootstrap);
    options.put("route.1.topic", urgent);
    options.put("route.1.when", "priority = 'high'");
    options.put("route.2.topic", errors);
    options.put("route.2.when", "event_type = 'error'");
    options.put("route.3.topic", standard);
    options.put("route.3.when", "event_type IN ('click', 'view', 'purchase')");
    options.put("validation.schema", VALIDATION_SCHEMA);
    return options;
  }

  /** Halts this JVM when the test JVM is gone, so that no driver outlives a killed test run. */
  static void exitWhenParentDies(long parentPid) {
    ProcessHandle.of(parentPid)
        .ifPresentOrElse(
            parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
            () -> Runtime.getRuntime().halt(3));
  }
}
