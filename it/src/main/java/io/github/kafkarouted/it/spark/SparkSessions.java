package io.github.kafkarouted.it.spark;

import io.github.kafkarouted.it.TempDirectories;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the local {@link SparkSession} used by integration tests, benchmarks and the demo:
 * {@code local[N]}, UI off, driver on 127.0.0.1, few shuffle partitions, a temp warehouse deleted
 * at JVM exit, WARN logging, and Delta Lake on request (with as few snapshot partitions).
 *
 * <p>Remember that a streaming query in Real-Time Mode holds one core per Kafka partition it
 * reads for the whole batch: give {@code local(N)} at least as many cores as partitions.
 *
 * <p>The builder is not thread-safe; use it from one thread. Only one SparkContext can live in a
 * JVM, so {@link Builder#start()} stops a session that is still active, with a warning.
 */
public final class SparkSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

  private SparkSessions() {}

  /** A builder for a {@code local[cores]} session. */
  public static Builder local(int cores) {
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be at least 1, got " + cores);
    }
    return new Builder(cores);
  }

  /** Settings of the session to build. */
  public static final class Builder {
    private final int cores;
    private int maxFailures = 1;
    private String appName = "kafka-routed-test";
    private boolean delta;
    private boolean quietLogging = true;
    private Path warehouseDir;
    private final Map<String, String> conf = new LinkedHashMap<>();

    private Builder(int cores) {
      this.cores = cores;
    }

    public Builder appName(String name) {
      this.appName = name;
      return this;
    }

    /** Adds Delta Lake's SQL extension and catalog (they must be set before the session exists). */
    public Builder delta(boolean enabled) {
      this.delta = enabled;
      return this;
    }

    /** Whether to set Spark's log level to WARN once the session is up (default true). */
    public Builder quietLogging(boolean enabled) {
      this.quietLogging = enabled;
      return this;
    }

    /** Warehouse directory; default a fresh temp directory deleted at JVM exit. */
    public Builder warehouseDir(Path dir) {
      this.warehouseDir = dir;
      return this;
    }

    /**
     * How many times a task may fail before its job fails ({@code local[cores,maxFailures]}); local
     * mode's default is 1: no task is retried.
     */
    public Builder maxFailures(int attempts) {
      this.maxFailures = attempts;
      return this;
    }

    /** Any other Spark setting; overrides the defaults here. */
    public Builder conf(String key, String value) {
      conf.put(key, value);
      return this;
    }

    /** Builds the session (stopping a still-active one first). */
    public SparkSession start() {
      stopActiveSession();
      Path warehouse = warehouseDir != null ? warehouseDir : TempDirectories.createDeletedAtExit("kr-spark-warehouse-");
      SparkSession.Builder builder =
          SparkSession.builder()
              .master(maxFailures > 1 ? "local[" + cores + "," + maxFailures + "]" : "local[" + cores + "]")
              .appName(appName)
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", String.valueOf(cores))
              .config("spark.default.parallelism", String.valueOf(cores))
              .config("spark.sql.warehouse.dir", warehouse.toUri().toString())
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
              // The stock sink's producer pool is JVM-wide: evict idle producers soon, or one left
              // over from a closed test broker retries its connection for 10 minutes, logging each
              // time. Producers in use are never evicted.
              .config("spark.kafka.producer.cache.timeout", "30s")
              .config("spark.kafka.producer.cache.evictorThreadRunInterval", "10s");
      if (delta) {
        builder
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            // Delta's default number of partitions for rebuilding a table's snapshot (its log
            // replay) is made for big logs; for a test table's few dozen commits they are task
            // overhead on local[N]: with N, an append with a txn version took 1.2 s instead of 2.7 s
            // (local[4] on the 2-core CI machine).
            .config("spark.databricks.delta.snapshotPartitions", String.valueOf(cores));
      }
      conf.forEach(builder::config);
      SparkSession session = builder.getOrCreate();
      if (quietLogging) {
        session.sparkContext().setLogLevel("WARN");
      }
      return session;
    }

    private static void stopActiveSession() {
      SparkSession.getDefaultSession()
          .orElse(SparkSession::getActiveSession)
          .foreach(
              existing -> {
                LOG.warn("Stopping a SparkSession that is still active before building a new one");
                existing.stop();
                SparkSession.clearActiveSession();
                SparkSession.clearDefaultSession();
                return null;
              });
    }
  }
}
