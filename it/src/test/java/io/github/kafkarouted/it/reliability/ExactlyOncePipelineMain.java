package io.github.kafkarouted.it.reliability;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;

import io.github.kafkarouted.it.spark.SparkSessions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;

/**
 * The driver that {@link ExactlyOnceIntegrationTest} kills: {@link CrashablePipelineMain}'s
 * micro-batch pipeline with {@code delivery.guarantee} given, on {@code local[4,4]} (a failed task
 * is retried up to 3 times), and a fault: the first attempt of some tasks throws part-way, after
 * it sent records ({@link #faultyRow}). With {@code haltAfterBatches > 0}, the JVM halts itself
 * as soon as Spark reports the write job of its n-th batch done: every task has committed its
 * transaction, and the driver may not have written the batch to its commit log yet (the test
 * checks which).
 *
 * <p>Arguments: {@code <at-least-once|exactly-once> <parent pid> <bootstrap> <source> <urgent>
 * <errors> <standard> <dlq> <checkpoint> <marker topic> <haltAfterBatches>}.
 */
public final class ExactlyOncePipelineMain {

  static final String STARTED = CrashablePipelineMain.STARTED;

  /** Printed with the batch id just before the JVM halts itself. */
  static final String HALTING = "EXACTLY_ONCE_HALTING_AFTER_BATCH";

  /** Records per micro-batch: about 1,000 per task. */
  static final int MAX_OFFSETS_PER_TRIGGER = 4_000;

  /** Spark sets it on the jobs of a micro-batch (MicroBatchExecution.BATCH_ID_KEY). */
  private static final String BATCH_ID_PROPERTY = "streaming.sql.batchId";

  private ExactlyOncePipelineMain() {}

  public static void main(String[] args) throws Exception {
    CrashablePipelineMain.exitWhenParentDies(Long.parseLong(args[1]));
    SparkSession spark = SparkSessions.local(4).maxFailures(4).appName("exactly-once-" + args[0]).start();
    int haltAfter = Integer.parseInt(args[10]);
    if (haltAfter > 0) {
      spark.sparkContext().addSparkListener(new HaltAfterBatches(haltAfter));
    }
    spark.udf().register("faulty_row", (UDF2<Integer, Long, Integer>) ExactlyOncePipelineMain::faultyRow, DataTypes.IntegerType);

    Dataset<Row> events =
        CrashablePipelineMain.events(spark, args[2], args[3], false, MAX_OFFSETS_PER_TRIGGER)
            .withColumn("fault", callUDF("faulty_row", col("source_partition"), col("source_offset")));
    Map<String, String> options = CrashablePipelineMain.options(args[2], args[4], args[5], args[6]);
    options.put("dlq.topic", args[7]);
    options.put("delivery.guarantee", args[0]);
    options.put("delivery.markerTopic", args[9]);
    CrashablePipelineMain.runRestartingAfterSpark55271(
        () ->
            events
                .writeStream()
                .format("kafka-routed")
                .options(options)
                .trigger(Trigger.ProcessingTime(0))
                .option("checkpointLocation", args[8])
                .start());
  }

  /**
   * Throws in the first attempt of a task at the row of source offset ≡ 777 (mod 1,000) of every
   * third thousand per partition: that task has sent hundreds of records by then. Its retry passes.
   */
  static int faultyRow(Integer partition, Long offset) {
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() == 0 && offset % 1_000 == 777 && (offset / 1_000 + partition) % 3 == 0) {
      throw new IllegalStateException("injected fault: partition " + partition + " offset " + offset);
    }
    return 0;
  }

  /** Halts the JVM when the write job of the n-th micro-batch of this life has succeeded. */
  private static final class HaltAfterBatches extends SparkListener {
    private final int batches;
    private final AtomicInteger done = new AtomicInteger();
    private final Map<Integer, String> batchOfJob = new ConcurrentHashMap<>();

    HaltAfterBatches(int batches) {
      this.batches = batches;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      String batch = start.properties() == null ? null : start.properties().getProperty(BATCH_ID_PROPERTY);
      if (batch != null) {
        batchOfJob.put(start.jobId(), batch);
      }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
      String batch = batchOfJob.remove(end.jobId());
      if (batch != null && end.jobResult() == JobSucceeded$.MODULE$ && done.incrementAndGet() == batches) {
        System.out.println(HALTING + " " + batch);
        System.out.flush();
        Runtime.getRuntime().halt(137);
      }
    }
  }
}
