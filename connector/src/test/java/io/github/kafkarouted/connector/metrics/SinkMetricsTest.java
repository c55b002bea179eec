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
    CustomMetric[] supported = SinkMetrics.supported(new String[] {"amount_positive"});
    assertEquals(Outcome.values().length + 1, supported.length);
    for (int i = 0; i < Outcome.values().length; i++) {
      Outcome outcome = Outcome.values()[i];
      // what Spark's SQL UI does to aggregate: load the class by name, call the public no-arg constructor
      CustomMetric recreated =
          (CustomMetric) Class.forName(supported[i].getClass().getName()).getConstructor().newInstance();
      assertEquals(outcome.metricName(), recreated.name());
      assertEquals(outcome.description(), recreated.description());
    }
    CustomMetric rule = supported[Outcome.values().length];
    assertEquals("rule.amount_positive.violations", rule.name());
    assertEquals("violations of rule amount_positive", rule.description());
    CustomMetric recreated = (CustomMetric) Class.forName(rule.getClass().getName()).getConstructor().newInstance();
    assertEquals("3", recreated.aggregateTaskMetrics(new long[] {1, 2}), "the UI sums a rule's task values");
  }
}
