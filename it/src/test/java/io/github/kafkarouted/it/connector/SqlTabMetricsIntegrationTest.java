package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.metrics.DeadLettersMetric;
import io.github.kafkarouted.connector.metrics.RecordsSentMetric;
import io.github.kafkarouted.connector.metrics.RowsDeadLetteredMetric;
import io.github.kafkarouted.connector.metrics.RowsDroppedMetric;
import io.github.kafkarouted.connector.metrics.RowsInMetric;
import io.github.kafkarouted.connector.metrics.RowsRoutedMetric;
import io.github.kafkarouted.connector.metrics.RuleViolationsMetric;
import io.github.kafkarouted.connector.metrics.SinkMetrics;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.execution.metric.CustomMetrics;
import org.apache.spark.sql.execution.ui.SQLAppStatusStore;
import org.apache.spark.sql.execution.ui.SQLExecutionUIData;
import org.apache.spark.sql.execution.ui.SQLPlanMetric;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The sink's custom metrics as the SQL tab shows them: Spark's SQL status store aggregates each
 * task's {@code DataWriter.currentMetricsValues} into the write node's metrics, one value per
 * {@code Write.supportedCustomMetrics} entry. A micro-batch query writes input with known outcomes
 * and the aggregated values must equal them (and the progress report's totals).
 */
class SqlTabMetricsIntegrationTest extends RealKafkaSparkTest {

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "sql-tab-metrics-it");
  }

  @Test
  void sqlTabShowsTheSinksCountsAggregatedOverTasks() throws Exception {
    String source = kafka.createUniqueTopic("sqlm-src", 2);
    String urgent = kafka.createUniqueTopic("sqlm-urgent", 1);
    String europe = kafka.createUniqueTopic("sqlm-eu", 1);
    String dlq = kafka.createUniqueTopic("sqlm-dlq", 1);
    List<String> input = new ArrayList<>();
    for (int i = 0; i < 6; i++) { // both routes: 6 rows, 12 records
      input.add("{\"id\":\"both-" + i + "\",\"priority\":\"high\",\"region\":\"eu\"}");
    }
    input.add("{\"id\":\"urgent\",\"priority\":\"high\",\"region\":\"us\"}"); // route 1 only
    for (int i = 0; i < 2; i++) { // no route matches: dropped by policy
      input.add("{\"id\":\"none-" + i + "\",\"priority\":\"low\",\"region\":\"us\"}");
    }
    for (int i = 0; i < 3; i++) { // priority is NOT NULL: SCHEMA_INVALID dead letters
      input.add("{\"id\":\"invalid-" + i + "\",\"region\":\"eu\"}");
    }
    kafka.produceStrings(source, input); // spread over both partitions: two tasks report

    long before = lastExecutionId();
    StreamingQuery query =
        kafkaStream(source)
            .load()
            .selectExpr(
                "value",
                "get_json_object(CAST(value AS STRING), '$.priority') AS priority",
                "get_json_object(CAST(value AS STRING), '$.region') AS region")
            .writeStream()
            .format("kafka-routed")
            .options(kafka.sparkKafkaOptions())
            .option("routing.mode", "all-matches")
            .option("routing.unmatched", "drop")
            .option("route.1.topic", urgent)
            .option("route.1.when", "priority = 'high'")
            .option("route.2.topic", europe)
            .option("route.2.when", "region = 'eu'")
            .option("validation.schema", "id STRING NOT NULL, priority STRING NOT NULL, region STRING")
            // Broken by the 3 valid rows from 'us' (warn: routed or dropped as before, counted).
            .option("validation.rule.not_us", "region <> 'us'")
            .option("validation.rule.not_us.action", "warn")
            .option("dlq.topic", dlq)
            .option("checkpointLocation", tmp.resolve("cp").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    assertTrue(query.awaitTermination(120_000));
    assertTrue(query.exception().isEmpty(), () -> String.valueOf(query.exception()));
    assertEquals(7, kafka.consumeAll(urgent).size());
    assertEquals(6, kafka.consumeAll(europe).size());
    assertEquals(3, kafka.consumeAll(dlq).size());

    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put(RowsInMetric.NAME, 12L);
    expected.put(RowsRoutedMetric.NAME, 7L);
    expected.put(RowsDeadLetteredMetric.NAME, 3L);
    expected.put(RowsDroppedMetric.NAME, 2L);
    expected.put(RecordsSentMetric.NAME, 13L);
    expected.put(DeadLettersMetric.NAME, 3L);
    expected.put(RuleViolationsMetric.NAME, 3L);
    expected.put("rule.not_us.violations", 3L); // one SQL-tab metric per rule
    assertEquals(expected, sqlTabTotals(before, "not_us"));

    Map<String, String> progressTotals = query.lastProgress().sink().metrics();
    expected.forEach(
        (name, value) -> assertEquals(String.valueOf(value), progressTotals.get(name), "progress " + name));
    assertEquals("3", progressTotals.get("rule.not_us.violations"));
  }

  // ----------------------------------------------------------------------------------- helpers

  private static SQLAppStatusStore statusStore() {
    return ((org.apache.spark.sql.classic.SparkSession) spark).sharedState().statusStore();
  }

  private static List<SQLExecutionUIData> executions() {
    return CollectionConverters.asJava(statusStore().executionsList());
  }

  private static long lastExecutionId() {
    return executions().stream().mapToLong(SQLExecutionUIData::executionId).max().orElse(-1);
  }

  /**
   * Each sink metric summed over the SQL executions after {@code afterExecutionId} (the query's
   * micro-batches), by the metric's name, as the SQL tab shows it. The status store is fed by the
   * listener bus, so the values are read once it is drained.
   */
  private static Map<String, Long> sqlTabTotals(long afterExecutionId, String... rules) throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty();
    // The SQL tab knows a metric by its type (the class) and its label (the description): the rules
    // share one class, so both are needed.
    Map<String, String> nameByMetricType = new LinkedHashMap<>();
    for (CustomMetric metric : SinkMetrics.supported(rules)) {
      nameByMetricType.put(CustomMetrics.buildV2CustomMetricTypeName(metric) + "|" + metric.description(), metric.name());
    }
    Map<String, Long> totals = new LinkedHashMap<>();
    nameByMetricType.values().forEach(name -> totals.put(name, 0L));
    int writes = 0;
    for (SQLExecutionUIData execution : executions()) {
      if (execution.executionId() <= afterExecutionId) {
        continue;
      }
      assertTrue(execution.completionTime().isDefined(), "execution " + execution.executionId() + " ended");
      Map<Object, String> values = CollectionConverters.asJava(statusStore().executionMetrics(execution.executionId()));
      boolean sinkNode = false;
      for (SQLPlanMetric metric : CollectionConverters.asJava(execution.metrics())) {
        String name = nameByMetricType.get(metric.metricType() + "|" + metric.name());
        if (name != null) {
          sinkNode = true;
          String value = values.get(metric.accumulatorId());
          totals.merge(name, value == null ? 0L : Long.parseLong(value), Long::sum);
        }
      }
      writes += sinkNode ? 1 : 0;
    }
    assertFalse(writes == 0, "a micro-batch's plan carries the sink's metrics");
    System.out.printf("SQL tab: %d micro-batch execution(s) with sink metrics: %s%n", writes, totals);
    return totals;
  }
}
