package io.github.kafkarouted.dlq.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The memory of a replay: a Parquet directory of the ids ({@value DeadLetterReplay#REPLAY_ID}) of
 * the dead letters that earlier runs sent, appended after each successful send. A run that crashes
 * between its send and its append sends those records again next time (at-least-once), never
 * loses them. Immutable.
 */
final class ReplayLedger {

  private final String path;

  ReplayLedger(String path) {
    this.path = path;
  }

  /** The ids replayed so far, or null when nothing was recorded yet. */
  Dataset<Row> replayedIds(SparkSession spark) {
    Path dir = new Path(path);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the replay ledger at " + path, e);
    }
    return spark.read().parquet(path).select(DeadLetterReplay.REPLAY_ID).distinct();
  }

  /** Appends the ids of dead letters just sent. */
  void record(Dataset<Row> ids) {
    ids.withColumn("replayed_at", functions.current_timestamp()).write().mode(SaveMode.Append).parquet(path);
  }

  @Override
  public String toString() {
    return path;
  }
}
