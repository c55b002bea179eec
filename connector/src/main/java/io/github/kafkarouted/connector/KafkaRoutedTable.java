package io.github.kafkarouted.connector;

import io.github.kafkarouted.connector.delivery.MarkerTopic;

import io.github.kafkarouted.connector.config.SinkConf;
import io.github.kafkarouted.connector.metrics.SinkTotals;
import io.github.kafkarouted.connector.plan.SinkPlanner;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.write.FirstBatchChecks;
import io.github.kafkarouted.connector.write.RoutedWriteBuilder;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.streaming.ReportsSinkMetrics;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * The sink of one streaming query. Created on the {@code start()} thread with the query's schema
 * and options, which are resolved here once, so configuration errors fail {@code start()}. Keeps
 * the query's sink totals for {@code StreamingQueryProgress.sink.metrics}; its {@link #toString()}
 * is the progress's {@code sink.description}.
 *
 * <p>Batch writes ({@code df.write}) do not use this table: they go through {@link
 * KafkaRoutedProvider#createRelation}, as Spark's kafka sink's do, which keeps its save-mode
 * behaviour (append and the default error-if-exists both write).
 */
public final class KafkaRoutedTable implements SupportsWrite, ReportsSinkMetrics {

  private final StructType schema;
  private final SinkConf conf;
  private final WriterSpec spec;
  private final SinkTotals totals;
  private final FirstBatchChecks firstBatchChecks = new FirstBatchChecks();
  /** Exactly-once: the marker topic, made sure of before the first batch; else null. */
  private final MarkerTopic markerTopic;

  KafkaRoutedTable(StructType schema, WriterSpec spec, SinkConf conf) {
    this.schema = schema;
    this.conf = conf;
    this.spec = spec;
    this.totals = new SinkTotals(spec.routeTable(), spec.ruleTable());
    this.markerTopic = spec.exactlyOnce() == null ? null : new MarkerTopic(spec::adminConfig);
  }

  @Override
  public String name() {
    return KafkaRoutedProvider.SHORT_NAME;
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    // STREAMING_WRITE covers micro-batch, continuous and Real-Time Mode.
    return EnumSet.of(TableCapability.STREAMING_WRITE, TableCapability.ACCEPT_ANY_SCHEMA);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    WriterSpec current = spec;
    if (!info.schema().asNullable().sameType(schema.asNullable())) {
      // Not expected (the start-time schema is the query's), but never write with stale ordinals.
      // The options were parsed once, at start; only the planning depends on the schema.
      current = SinkPlanner.plan(conf, info.schema()).withComputedTopics(spec.computedTopics());
    }
    return new RoutedWriteBuilder(current, totals, info.queryId(), firstBatchChecks, markerTopic);
  }

  @Override
  public Map<String, String> metrics() {
    return totals.snapshot();
  }

  @Override
  public String toString() {
    return spec.description();
  }
}
