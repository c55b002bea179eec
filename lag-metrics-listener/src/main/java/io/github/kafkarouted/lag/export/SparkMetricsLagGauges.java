package io.github.kafkarouted.lag.export;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lag as Dropwizard gauges in a Spark plugin's metric registry, so Spark's metrics system
 * exports them to whatever sinks the user configured (JMX, PrometheusServlet, Graphite...). Spark's
 * metric names are flat, so labels become name parts: {@code
 * <query>.<topic>.<partition>.lagOffsets|lagSeconds|consumedOffset|latestOffset|status|earliestOffset|
 * lagVelocity|catchUpSeconds|retentionMargin|retentionStatus} and {@code
 * <query>.sumLagOffsets|maxLagOffsets|maxLagSeconds|partitions|lagVelocity|maxCatchUpSeconds|
 * minRetentionMargin|retentionStatus} and the kafka-routed sink's counts {@code <query>.sink.<name>}
 * (by their {@code sink.metrics} names, e.g. {@code sink.rowsDeadLettered}), plus {@code
 * trackedQueries}. Per-partition gauges are
 * limited as {@link PartitionSeriesCap} says. Name parts are
 * sanitized to {@code [A-Za-z0-9_-]}.
 *
 * <p>{@link #sync} (called after each poll) adds gauges for new queries and partitions and
 * removes those of queries and partitions that went away. Each gauge reads the freshest cached
 * snapshot. Thread-safe: sync is synchronized; gauges read a volatile map.
 */
public final class SparkMetricsLagGauges implements LagExporter {

  public static final String TRACKED_QUERIES = "trackedQueries";

  private static final Logger LOG = LoggerFactory.getLogger(SparkMetricsLagGauges.class);

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_-]");

  private final MetricRegistry registry;
  private final int maxPartitionSeries;
  private final Set<String> registered = new HashSet<>();
  private volatile Map<String, Number> values = Map.of();

  /** Registers {@value #TRACKED_QUERIES} at once: Spark skips registries that are empty. */
  public SparkMetricsLagGauges(MetricRegistry registry, Supplier<Integer> trackedQueries) {
    this(registry, trackedQueries, Integer.MAX_VALUE);
  }

  /**
   * As above, with per-partition gauges for at most {@code maxPartitionSeries} partitions ({@link
   * PartitionSeriesCap}); per-query gauges are always complete.
   */
  public SparkMetricsLagGauges(
      MetricRegistry registry, Supplier<Integer> trackedQueries, int maxPartitionSeries) {
    this.registry = registry;
    this.maxPartitionSeries = maxPartitionSeries;
    registry.register(TRACKED_QUERIES, (Gauge<Integer>) trackedQueries::get);
  }

  /** Brings the registered gauges in line with {@code snapshots}. */
  @Override
  public void afterPoll(Iterable<QueryLagSnapshot> snapshots) {
    sync(snapshots);
  }

  public synchronized void sync(Iterable<QueryLagSnapshot> snapshots) {
    Map<String, Number> next = new HashMap<>();
    Map<UUID, String> prefixes = new HashMap<>();
    List<QueryLagSnapshot> all = new ArrayList<>();
    snapshots.forEach(all::add);
    PartitionSeriesCap cap = PartitionSeriesCap.select(all, maxPartitionSeries);
    for (QueryLagSnapshot q : all) {
      String prefix = uniquePrefix(q, prefixes);
      next.put(prefix + ".sumLagOffsets", q.totalLagOffsets());
      next.put(prefix + ".maxLagOffsets", q.maxLagOffsets());
      next.put(prefix + ".partitions", q.partitions().size());
      next.put(prefix + ".retentionStatus", q.worstRetentionStatus().code());
      q.maxLagSeconds().ifPresent(s -> next.put(prefix + ".maxLagSeconds", s));
      q.lagVelocity().ifPresent(v -> next.put(prefix + ".lagVelocity", v));
      q.maxCatchUpSeconds().ifPresent(v -> next.put(prefix + ".maxCatchUpSeconds", v));
      q.minRetentionMargin().ifPresent(v -> next.put(prefix + ".minRetentionMargin", v));
      q.sinkOutcomes().forEach((k, v) -> next.put(prefix + ".sink." + sanitize(k), v));
      for (PartitionLag p : q.partitions()) {
        if (!cap.exports(q, p)) {
          continue;
        }
        String base = prefix + "." + sanitize(p.topic()) + "." + p.partition();
        next.put(base + ".retentionStatus", p.retentionStatus().code());
        p.earliestOffset().ifPresent(v -> next.put(base + ".earliestOffset", v));
        p.lagVelocity().ifPresent(v -> next.put(base + ".lagVelocity", v));
        p.catchUpSeconds().ifPresent(v -> next.put(base + ".catchUpSeconds", v));
        p.retentionMargin().ifPresent(v -> next.put(base + ".retentionMargin", v));
        next.put(base + ".consumedOffset", p.consumedOffset());
        next.put(base + ".status", p.status().code());
        p.latestOffset().ifPresent(v -> next.put(base + ".latestOffset", v));
        p.lagOffsets().ifPresent(v -> next.put(base + ".lagOffsets", v));
        p.lagSeconds().ifPresent(v -> next.put(base + ".lagSeconds", v));
      }
    }
    values = Map.copyOf(next);
    for (String name : next.keySet()) {
      if (!registered.contains(name)) {
        try {
          registry.register(name, (Gauge<Number>) () -> valueOf(name));
          registered.add(name);
        } catch (IllegalArgumentException taken) {
          // Someone else owns the name; skip it rather than fail every poll.
          LOG.debug("Metric name {} is taken; not exporting it", name);
        }
      }
    }
    registered.removeIf(
        name -> {
          if (next.containsKey(name)) {
            return false;
          }
          registry.remove(name);
          return true;
        });
  }

  /** Names of the registered lag gauges (not counting {@value #TRACKED_QUERIES}). */
  public synchronized Set<String> gaugeNames() {
    return Set.copyOf(registered);
  }

  private Number valueOf(String name) {
    return values.get(name);
  }

  /** The query's name, or id when unnamed or when two queries share the name. */
  private static String uniquePrefix(QueryLagSnapshot q, Map<UUID, String> taken) {
    String prefix = sanitize(q.displayName());
    if (taken.containsValue(prefix)) {
      prefix = sanitize(q.queryId().toString());
    }
    taken.put(q.queryId(), prefix);
    return prefix;
  }

  static String sanitize(String part) {
    return UNSAFE.matcher(part).replaceAll("_");
  }
}
