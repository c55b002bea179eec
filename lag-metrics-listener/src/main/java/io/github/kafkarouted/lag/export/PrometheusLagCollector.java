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

  private static final List<String> NAMES =
      List.of(
          LAG_OFFSETS,
          LAG_SECONDS,
          CONSUMED_OFFSET,
          LATEST_OFFSET,
          PARTITION_STATUS,
          QUERY_SUM_LAG_OFFSETS,
          QUERY_MAX_LAG_OFFSETS,
          QUERY_MAX_LAG_SECONDS);

  private final Supplier<? extends Collection<QueryLagSnapshot>> snapshots;

  public PrometheusLagCollector(Supplier<? extends Collection<QueryLagSnapshot>> snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public MetricSnapshots collect() {
    Collection<QueryLagSnapshot> all = snapshots.get();
    return MetricSnapshots.of(
        partitionGauge(
            all,
            LAG_OFFSETS,
            "Offsets between the partition's end and the query's position",
            p -> p.lagOffsets().isPresent() ? p.lagOffsets().getAsLong() : Double.NaN),
        partitionGauge(
            all,
            LAG_SECONDS,
            "Estimated age in seconds of the oldest record the query has not read yet",
            p -> p.lagSeconds().isPresent() ? p.lagSeconds().getAsDouble() : Double.NaN),
        partitionGauge(
            all,
            CONSUMED_OFFSET,
            "The query's position: next offset it reads",
            PartitionLag::consumedOffset),
        partitionGauge(
            all,
            LATEST_OFFSET,
            "The partition's end offset, read from the broker",
            p -> p.latestOffset().isPresent() ? p.latestOffset().getAsLong() : Double.NaN),
        partitionGauge(
            all,
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
      String name,
      String help,
      ToDoubleFunction<PartitionLag> value) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
    for (QueryLagSnapshot q : all) {
      for (PartitionLag p : q.partitions()) {
        double v = value.applyAsDouble(p);
        if (!Double.isNaN(v)) {
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
