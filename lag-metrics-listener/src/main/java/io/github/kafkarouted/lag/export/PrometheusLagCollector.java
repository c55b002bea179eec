package io.github.kafkarouted.lag.export;

import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus view of the lag snapshots, computed at each scrape from the tracker (so a query
 * that terminated disappears at the next scrape). Per partition, labelled {@code query}, {@code
 * query_id}, {@code topic}, {@code partition}: {@value #LAG_OFFSETS}, {@value #LAG_SECONDS},
 * {@value #CONSUMED_OFFSET}, {@value #LATEST_OFFSET}, {@value #PARTITION_STATUS}. Per query,
 * labelled {@code query}, {@code query_id}: {@value #QUERY_SUM_LAG_OFFSETS}, {@value
 * #QUERY_MAX_LAG_OFFSETS}, {@value #QUERY_MAX_LAG_SECONDS} (names after kafka-lag-exporter's
 * group sum and max). Unknown values (no end offset yet, no lag-seconds estimate yet) are left
 * out rather than exported as NaN.
 *
 * <p>Trends per partition: {@value #EARLIEST_OFFSET}, {@value #CONSUME_RATE}, {@value
 * #PRODUCE_RATE}, {@value #LAG_VELOCITY}, {@value #CATCH_UP_SECONDS} ({@code +Inf} while lag does
 * not shrink), {@value #RETENTION_MARGIN}, {@value #RETENTION_STATUS}, {@value #LIVE_POSITION}; and
 * per query {@value #QUERY_PARTITIONS}, {@value #QUERY_LAG_VELOCITY}, {@value
 * #QUERY_MAX_CATCH_UP_SECONDS}, {@value #QUERY_MIN_RETENTION_MARGIN}, {@value
 * #QUERY_RETENTION_STATUS}. Per-partition series are limited to the partitions {@link
 * PartitionSeriesCap} selects; per-query series are always complete.
 *
 * <p>Thread-safe if the supplier is.
 */
public final class PrometheusLagCollector implements MultiCollector {

  public static final String LAG_OFFSETS = "spark_kafka_source_lag_offsets";
  public static final String LAG_SECONDS = "spark_kafka_source_lag_seconds";
  public static final String CONSUMED_OFFSET = "spark_kafka_source_consumed_offset";
  public static final String LATEST_OFFSET = "spark_kafka_source_latest_offset";
  public static final String PARTITION_STATUS = "spark_kafka_source_partition_status";
  public static final String QUERY_SUM_LAG_OFFSETS = "spark_kafka_source_query_sum_lag_offsets";
  public static final String QUERY_MAX_LAG_OFFSETS = "spark_kafka_source_query_max_lag_offsets";
  public static final String QUERY_MAX_LAG_SECONDS = "spark_kafka_source_query_max_lag_seconds";

  public static final String EARLIEST_OFFSET = "spark_kafka_source_earliest_offset";
  public static final String CONSUME_RATE = "spark_kafka_source_consume_rate_offsets_per_second";
  public static final String PRODUCE_RATE = "spark_kafka_source_produce_rate_offsets_per_second";
  public static final String LAG_VELOCITY = "spark_kafka_source_lag_velocity_offsets_per_second";
  public static final String CATCH_UP_SECONDS = "spark_kafka_source_catch_up_seconds";
  public static final String RETENTION_MARGIN = "spark_kafka_source_retention_margin_ratio";
  public static final String RETENTION_STATUS = "spark_kafka_source_retention_status";
  public static final String LIVE_POSITION = "spark_kafka_source_live_position";
  public static final String QUERY_PARTITIONS = "spark_kafka_source_query_partitions";
  public static final String QUERY_LAG_VELOCITY =
      "spark_kafka_source_query_lag_velocity_offsets_per_second";
  public static final String QUERY_MAX_CATCH_UP_SECONDS =
      "spark_kafka_source_query_max_catch_up_seconds";
  public static final String QUERY_MIN_RETENTION_MARGIN =
      "spark_kafka_source_query_min_retention_margin_ratio";
  public static final String QUERY_RETENTION_STATUS = "spark_kafka_source_query_retention_status";

  private static final List<String> NAMES =
      List.of(
          EARLIEST_OFFSET,
          CONSUME_RATE,
          PRODUCE_RATE,
          LAG_VELOCITY,
          CATCH_UP_SECONDS,
          RETENTION_MARGIN,
          RETENTION_STATUS,
          LIVE_POSITION,
          QUERY_PARTITIONS,
          QUERY_LAG_VELOCITY,
          QUERY_MAX_CATCH_UP_SECONDS,
          QUERY_MIN_RETENTION_MARGIN,
          QUERY_RETENTION_STATUS,
          LAG_OFFSETS,
          LAG_SECONDS,
          CONSUMED_OFFSET,
          LATEST_OFFSET,
          PARTITION_STATUS,
          QUERY_SUM_LAG_OFFSETS,
          QUERY_MAX_LAG_OFFSETS,
          QUERY_MAX_LAG_SECONDS);

  private final Supplier<? extends Collection<QueryLagSnapshot>> snapshots;
  private final int maxPartitionSeries;

  /** A collector exporting every partition. */
  public PrometheusLagCollector(Supplier<? extends Collection<QueryLagSnapshot>> snapshots) {
    this(snapshots, Integer.MAX_VALUE);
  }

  /** A collector exporting per-partition series for at most {@code maxPartitionSeries} partitions. */
  public PrometheusLagCollector(
      Supplier<? extends Collection<QueryLagSnapshot>> snapshots, int maxPartitionSeries) {
    this.snapshots = snapshots;
    this.maxPartitionSeries = maxPartitionSeries;
  }

  @Override
  public MetricSnapshots collect() {
    Collection<QueryLagSnapshot> all = snapshots.get();
    PartitionSeriesCap cap = PartitionSeriesCap.select(all, maxPartitionSeries);
    return MetricSnapshots.of(
        partitionGauge(
            all,
            cap,
            EARLIEST_OFFSET,
            "The partition's earliest retained offset, read from the broker",
            p -> p.earliestOffset().isPresent() ? p.earliestOffset().getAsLong() : Double.NaN),
        partitionGauge(
            all,
            cap,
            CONSUME_RATE,
            "Offsets the query read per second over the trend window",
            p -> p.consumeRate().orElse(Double.NaN)),
        partitionGauge(
            all,
            cap,
            PRODUCE_RATE,
            "Offsets appended to the partition per second over the trend window",
            p -> p.produceRate().orElse(Double.NaN)),
        partitionGauge(
            all,
            cap,
            LAG_VELOCITY,
            "Change of lag in offsets per second over the trend window (positive: falling behind)",
            p -> p.lagVelocity().orElse(Double.NaN)),
        partitionGauge(
            all,
            cap,
            CATCH_UP_SECONDS,
            "Estimated seconds until the lag is gone at the window's rates (+Inf: not shrinking)",
            p -> p.catchUpSeconds().orElse(Double.NaN)),
        partitionGauge(
            all,
            cap,
            RETENTION_MARGIN,
            "(position - earliest offset) / (end offset - earliest offset): near 0, the next"
                + " segment deletion loses unread records",
            p -> p.retentionMargin().orElse(Double.NaN)),
        partitionGauge(
            all,
            cap,
            RETENTION_STATUS,
            "Retention risk: 0 OK, 1 WARN (margin below the warning ratio), 2 LOST (position below"
                + " the earliest offset), -1 UNKNOWN",
            p -> p.retentionStatus().code()),
        partitionGauge(
            all,
            cap,
            LIVE_POSITION,
            "1 if the position comes live from the executors' consumers (Real-Time Mode with the"
                + " plugin), 0 if from the last batch",
            p -> p.livePosition() ? 1 : 0),
        queryGauge(
            all,
            QUERY_PARTITIONS,
            "Partitions the query reads (all of them, also those without per-partition series)",
            q -> q.partitions().size()),
        queryGauge(
            all,
            QUERY_LAG_VELOCITY,
            "Sum of the partitions' lag velocities in offsets per second",
            q -> q.lagVelocity().orElse(Double.NaN)),
        queryGauge(
            all,
            QUERY_MAX_CATCH_UP_SECONDS,
            "Longest estimated time to catch up of any partition (+Inf: some lag not shrinking)",
            q -> q.maxCatchUpSeconds().orElse(Double.NaN)),
        queryGauge(
            all,
            QUERY_MIN_RETENTION_MARGIN,
            "Smallest retention margin of any partition",
            q -> q.minRetentionMargin().orElse(Double.NaN)),
        queryGauge(
            all,
            QUERY_RETENTION_STATUS,
            "Worst retention status of any partition: 2 LOST, 1 WARN, 0 OK, -1 UNKNOWN",
            q -> q.worstRetentionStatus().code()),
        partitionGauge(
            all,
            cap,
            LAG_OFFSETS,
            "Offsets between the partition's end and the query's position",
            p -> p.lagOffsets().isPresent() ? p.lagOffsets().getAsLong() : Double.NaN),
        partitionGauge(
            all,
            cap,
            LAG_SECONDS,
            "Estimated age in seconds of the oldest record the query has not read yet",
            p -> p.lagSeconds().isPresent() ? p.lagSeconds().getAsDouble() : Double.NaN),
        partitionGauge(
            all,
            cap,
            CONSUMED_OFFSET,
            "The query's position: next offset it reads",
            PartitionLag::consumedOffset),
        partitionGauge(
            all,
            cap,
            LATEST_OFFSET,
            "The partition's end offset, read from the broker",
            p -> p.latestOffset().isPresent() ? p.latestOffset().getAsLong() : Double.NaN),
        partitionGauge(
            all,
            cap,
            PARTITION_STATUS,
            "Burrow-style status: 0 OK, 1 WARN, 2 STALL, 3 STOP, 4 REWIND, -1 UNKNOWN",
            p -> p.status().code()),
        queryGauge(
            all,
            QUERY_SUM_LAG_OFFSETS,
            "Sum of the query's partition lags in offsets",
            QueryLagSnapshot::totalLagOffsets),
        queryGauge(
            all,
            QUERY_MAX_LAG_OFFSETS,
            "Largest partition lag of the query in offsets",
            QueryLagSnapshot::maxLagOffsets),
        queryGauge(
            all,
            QUERY_MAX_LAG_SECONDS,
            "Largest partition lag of the query in seconds",
            q -> q.maxLagSeconds().orElse(Double.NaN)));
  }

  @Override
  public List<String> getPrometheusNames() {
    return NAMES;
  }

  private static GaugeSnapshot partitionGauge(
      Collection<QueryLagSnapshot> all,
      PartitionSeriesCap cap,
      String name,
      String help,
      ToDoubleFunction<PartitionLag> value) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
    for (QueryLagSnapshot q : all) {
      for (PartitionLag p : q.partitions()) {
        double v = value.applyAsDouble(p);
        if (!Double.isNaN(v) && cap.exports(q, p)) {
          gauge.dataPoint(
              GaugeDataPointSnapshot.builder()
                  .labels(
                      Labels.of(
                          "query", q.displayName(),
                          "query_id", q.queryId().toString(),
                          "topic", p.topic(),
                          "partition", Integer.toString(p.partition())))
                  .value(v)
                  .build());
        }
      }
    }
    return gauge.build();
  }

  private static GaugeSnapshot queryGauge(
      Collection<QueryLagSnapshot> all,
      String name,
      String help,
      ToDoubleFunction<QueryLagSnapshot> value) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
    for (QueryLagSnapshot q : all) {
      double v = value.applyAsDouble(q);
      if (!Double.isNaN(v)) {
        gauge.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(Labels.of("query", q.displayName(), "query_id", q.queryId().toString()))
                .value(v)
                .build());
      }
    }
    return gauge.build();
  }
}
