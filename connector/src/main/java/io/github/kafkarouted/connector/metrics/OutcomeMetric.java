package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;
import org.apache.spark.sql.connector.metric.CustomSumMetric;

/**
 * The SQL-tab metric of one {@link Outcome}, summed over tasks; name and description come from the
 * outcome. Spark's UI re-creates a metric from its class name with the no-arg constructor to
 * aggregate it, so each outcome has its own small public subclass whose name must not change.
 */
public abstract class OutcomeMetric extends CustomSumMetric {

  private final Outcome outcome;

  protected OutcomeMetric(Outcome outcome) {
    this.outcome = outcome;
  }

  public Outcome outcome() {
    return outcome;
  }

  @Override
  public String name() {
    return outcome.metricName();
  }

  @Override
  public String description() {
    return outcome.description();
  }
}
