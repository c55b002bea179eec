package io.github.kafkarouted.it.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The small Delta dimension table the stream is enriched with: one row per user {@code u0001 ..}
 * with a {@code tier} and a {@code country}, written once at start.
 *
 * <p>Immutable after {@link #write}; use from the driver thread.
 */
final class UsersTable {
  static final StructType SCHEMA =
      new StructType()
          .add("user_id", DataTypes.StringType, false)
          .add("tier", DataTypes.StringType, false)
          .add("country", DataTypes.StringType, false);

  private static final String[] TIERS = {"gold", "silver", "silver", "bronze", "bronze", "bronze"};
  private static final String[] COUNTRIES = {"DE", "FR", "US", "BR", "JP", "IN", "NG", "SE"};

  private final SparkSession spark;
  private final String path;
  private final int rows;

  private UsersTable(SparkSession spark, String path, int rows) {
    this.spark = spark;
    this.path = path;
    this.rows = rows;
  }

  /** Writes {@code users} rows as a Delta table at {@code dir}. */
  static UsersTable write(SparkSession spark, Path dir, int users) {
    List<Row> rows = new ArrayList<>(users);
    for (int i = 1; i <= users; i++) {
      rows.add(RowFactory.create(String.format("u%04d", i), TIERS[i % TIERS.length], COUNTRIES[i % COUNTRIES.length]));
    }
    String path = dir.toAbsolutePath().toString();
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode("overwrite").save(path);
    return new UsersTable(spark, path, users);
  }

  /** The table, read through Delta. */
  Dataset<Row> read() {
    return spark.read().format("delta").load(path);
  }

  /**
   * The table, read through Delta once and cached. Every batch of a stream-static join plans the
   * static side again: uncached, each batch replays the Delta log, which on two cores adds about
   * two seconds between Real-Time Mode batches. The price: rows added to the table later are not
   * seen until the query restarts (fine for a dimension that changes daily).
   */
  Dataset<Row> cached() {
    Dataset<Row> dim = read().cache();
    dim.count();
    return dim;
  }

  /** user_id → {tier, country}, collected to the driver (for the continuous trigger's map lookup). */
  Map<String, String[]> collect() {
    Map<String, String[]> byUser = new TreeMap<>();
    for (Row r : read().collectAsList()) {
      byUser.put(r.getString(0), new String[] {r.getString(1), r.getString(2)});
    }
    return byUser;
  }

  String path() {
    return path;
  }

  int rows() {
    return rows;
  }
}
