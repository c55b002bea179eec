package io.github.kafkarouted.lag.export;

import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prometheus counters of the kafka-routed sink's outcomes per query (labels {@code query}, {@code
 * query_id}), from {@link QueryLagSnapshot#sinkOutcomes()}: {@value #ROWS}{@code _total} by {@code
 * outcome} ({@code in}, {@code routed}, {@code dead_lettered}, {@code dropped}: every input row is
 * counted once as routed, dead-lettered or dropped), {@value #ROUTE_RECORDS}{@code _total} by
 * {@code route}, {@value #TOPIC_RECORDS}{@code _total} by {@code topic} (from batch progress
 * only), {@value #DEAD_LETTERS}{@code _total} by {@code reason} and {@value
 * #RULE_VIOLATIONS}{@code _total} by {@code rule}. A counter restarts when its query restarts (a new
 * run), as Prometheus counters do when a process restarts.
 *
 * <p>Thread-safe if the supplier is.
 */
public final class PrometheusSinkOutcomeCollector implements MultiCollector {

  public static final String ROWS = "kafka_routed_sink_rows";
  public static final String ROUTE_RECORDS = "kafka_routed_sink_route_records";
  public static final String TOPIC_RECORDS = "kafka_routed_sink_topic_records";
  public static final String DEAD_LETTERS = "kafka_routed_sink_dead_letters";
  public static final String RULE_VIOLATIONS = "kafka_routed_sink_rule_violations";

  /** {@code sink.metrics} name of each row outcome, and its {@code outcome} label. */
  private static final Map<String, String> ROW_OUTCOMES =
      Map.of(
          "rowsIn", "in",
          "rowsRouted", "routed",
          "rowsDeadLettered", "dead_lettered",
          "rowsDropped", "dropped");

  private final Supplier<? extends Collection<QueryLagSnapshot>> snapshots;

  public PrometheusSinkOutcomeCollector(Supplier<? extends Collection<QueryLagSnapshot>> snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public MetricSnapshots collect() {
    Collection<QueryLagSnapshot> all = snapshots.get();
    CounterSnapshot.Builder rows =
        CounterSnapshot.builder()
            .name(ROWS)
            .help("Input rows of the kafka-routed sink by outcome: in = routed + dead_lettered + dropped");
    CounterSnapshot.Builder routes =
        CounterSnapshot.builder().name(ROUTE_RECORDS).help("Records the sink sent per route");
    CounterSnapshot.Builder topics =
        CounterSnapshot.builder()
            .name(TOPIC_RECORDS)
            .help("Records the sink sent per topic (committed batches of the DataSource V2 sink)");
    CounterSnapshot.Builder deadLetters =
        CounterSnapshot.builder().name(DEAD_LETTERS).help("Dead letters the sink wrote per reason");
    CounterSnapshot.Builder violations =
        CounterSnapshot.builder()
            .name(RULE_VIOLATIONS)
            .help("Rows that broke each data-quality rule");
    for (QueryLagSnapshot q : all) {
      for (Map.Entry<String, Long> e : q.sinkOutcomes().entrySet()) {
        String key = e.getKey();
        double value = e.getValue();
        String outcome = ROW_OUTCOMES.get(key);
        if (outcome != null) {
          rows.dataPoint(point(q, "outcome", outcome, value));
        } else if (key.startsWith("recordsSent.route.")) {
          routes.dataPoint(point(q, "route", key.substring("recordsSent.route.".length()), value));
        } else if (key.startsWith("recordsSent.topic.")) {
          topics.dataPoint(point(q, "topic", key.substring("recordsSent.topic.".length()), value));
        } else if (key.startsWith("deadLetters.reason.")) {
          deadLetters.dataPoint(
              point(q, "reason", key.substring("deadLetters.reason.".length()), value));
        } else if (key.startsWith("rule.") && key.endsWith(".violations")) {
          violations.dataPoint(
              point(q, "rule", key.substring("rule.".length(), key.length() - ".violations".length()), value));
        }
      }
    }
    return MetricSnapshots.of(
        rows.build(), routes.build(), topics.build(), deadLetters.build(), violations.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(ROWS, ROUTE_RECORDS, TOPIC_RECORDS, DEAD_LETTERS, RULE_VIOLATIONS);
  }

  private static CounterDataPointSnapshot point(
      QueryLagSnapshot q, String label, String labelValue, double value) {
    return CounterDataPointSnapshot.builder()
        .labels(
            Labels.of(
                "query", q.displayName(), "query_id", q.queryId().toString(), label, labelValue))
        .value(Math.max(0, value))
        .build();
  }
}
