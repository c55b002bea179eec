package io.github.kafkarouted.dlq.delta;

import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table of dead letters ({@link DeadLetterColumns#TABLE_SCHEMA}, partitioned by {@link
 * DeadLetterColumns#DATE}), addressed by path or by catalog name, and always written by its
 * location. Appends are idempotent: each carries Delta's {@code txnAppId}/{@code txnVersion}, so a
 * replayed batch (same query id, same batch id) is skipped by Delta instead of duplicated. Driver
 * side only; Delta is reached by format name, so there is no compile dependency on it.
 *
 * <p>Immutable; thread-safe.
 */
public final class DeltaDeadLetterTable {

  private static final String DELTA = "delta";

  private final String location;

  private DeltaDeadLetterTable(String location) {
    this.location = location;
  }

  /**
   * Opens the table, creating it (empty, partitioned by date) if it does not exist, and checks that
   * it has the dead-letter columns.
   *
   * @param path the table's path, or null
   * @param tableName the table's catalog name, or null (exactly one of the two)
   * @param option the option that named the table, for error messages
   * @throws IllegalArgumentException naming {@code option} if the table cannot be created or
   *     opened (Delta missing from the session, a table of another schema, ...)
   */
  public static DeltaDeadLetterTable open(SparkSession spark, String path, String tableName, String option) {
    if ((path == null) == (tableName == null)) {
      throw new IllegalArgumentException("exactly one of path and table name must be given");
    }
    String identifier = path != null ? "delta.`" + path.replace("`", "``") + "`" : tableName;
    String ddl = DeadLetterColumns.TABLE_SCHEMA.toDDL();
    try {
      spark.sql(
          "CREATE TABLE IF NOT EXISTS " + identifier + " (" + ddl + ") USING delta PARTITIONED BY ("
              + DeadLetterColumns.DATE + ")");
      String location =
          path != null ? path : spark.sql("DESCRIBE DETAIL " + tableName).select("location").first().getString(0);
      DeltaDeadLetterTable table = new DeltaDeadLetterTable(location);
      table.checkSchema(spark.read().format(DELTA).load(location).schema());
      return table;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Option '" + option + "': " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "Option '" + option + "': cannot create or open the Delta dead-letter table " + identifier
              + ": " + firstLine(e.getMessage()) + ". The session needs Delta Lake (delta-spark) with"
              + " spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension and"
              + " spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog.",
          e);
    }
  }

  /** A table known to exist at {@code location} (e.g. resolved on the driver, shipped to a commit). */
  public static DeltaDeadLetterTable at(String location) {
    return new DeltaDeadLetterTable(Objects.requireNonNull(location, "location"));
  }

  private void checkSchema(StructType actual) {
    for (StructField expected : DeadLetterColumns.TABLE_SCHEMA.fields()) {
      StructField found =
          Arrays.stream(actual.fields()).filter(f -> f.name().equals(expected.name())).findFirst().orElse(null);
      if (found == null || !found.dataType().sameType(expected.dataType())) {
        throw new IllegalArgumentException(
            "the Delta table at " + location + " is not a dead-letter table: column " + expected.name()
                + " " + expected.dataType().simpleString() + " is "
                + (found == null ? "missing" : found.dataType().simpleString()));
      }
    }
  }

  /** Where the table lives; staging files go under it. */
  public String location() {
    return location;
  }

  /**
   * Appends rows of {@link DeadLetterColumns#SCHEMA} (the {@code date} column is computed here),
   * once: a second append with the same {@code appId} and a {@code version} not above the last one
   * is skipped by Delta.
   *
   * @param appId Delta's {@code txnAppId} (a query id), or null for a plain append
   */
  public void append(Dataset<Row> deadLetters, String appId, long version) {
    Dataset<Row> rows =
        deadLetters
            .select(Arrays.stream(DeadLetterColumns.SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new))
            .withColumn(DeadLetterColumns.DATE, org.apache.spark.sql.functions.expr(DeadLetterColumns.DATE_EXPRESSION));
    var writer = rows.write().format(DELTA).mode("append");
    if (appId != null) {
      writer = writer.option("txnAppId", appId).option("txnVersion", Long.toString(version));
    }
    writer.save(location);
  }

  /**
   * Appends the staging files of one batch (only those named: files of failed task attempts in the
   * same directory are left out), then deletes the batch's staging directory.
   *
   * @param appId Delta's {@code txnAppId} (the query id) for an idempotent append with {@code
   *     txnVersion = batchId}, or null for a plain append (batch writes)
   * @param stagingId the staging directory's key ({@link DeadLetterStaging#batchDirectory})
   */
  public void appendStaged(SparkSession spark, List<String> stagedFiles, String appId, long batchId,
      String stagingId, Configuration hadoopConf) {
    if (!stagedFiles.isEmpty()) {
      Dataset<Row> staged =
          spark.read().schema(StagedDeadLetterFormat.READ_SCHEMA).json(stagedFiles.toArray(new String[0]));
      append(staged.selectExpr(StagedDeadLetterFormat.TO_COLUMNS.toArray(new String[0])), appId, batchId);
    }
    deleteStaging(stagingId, batchId, hadoopConf);
  }

  /** Deletes the staging directory of one batch (its dead letters are in the table, or the batch aborted). */
  public void deleteStaging(String stagingId, long batchId, Configuration hadoopConf) {
    Path dir = new Path(DeadLetterStaging.batchDirectory(location, stagingId, batchId));
    try {
      FileSystem fs = dir.getFileSystem(hadoopConf);
      fs.delete(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the dead-letter staging directory " + dir, e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  @Override
  public String toString() {
    return "DeltaDeadLetterTable[" + location + "]";
  }
}
