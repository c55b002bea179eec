package io.github.kafkarouted.connector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkarouted.connector.dispatch.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {

  @Test
  void metricNamesAreTheOnesDashboardsRead() {
    List<String> names = new ArrayList<>();
    for (Outcome o : Outcome.values()) {
      names.add(o.metricName());
    }
    assertEquals(
        List.of("rowsIn", "rowsRouted", "rowsDeadLettered", "rowsDropped", "recordsSent", "deadLetters", "ruleViolations"), names);
  }

  @Test
  void everyOutcomeHasASqlTabMetricThatSparkCanRecreateByClassName() throws Exception {
    CustomMetric[] supported = SinkMetrics.supported();
    assertEquals(Outcome.values().length, supported.length);
    for (int i = 0; i < supported.length; i++) {
      Outcome outcome = Outcome.values()[i];
      // what Spark's SQL UI does to aggregate: load the class by name, call the public no-arg constructor
      CustomMetric recreated =
          (CustomMetric) Class.forName(supported[i].getClass().getName()).getConstructor().newInstance();
      assertEquals(outcome.metricName(), recreated.name());
      assertEquals(outcome.description(), recreated.description());
    }
  }
}
