package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.Outcome;
import io.github.kafkarouted.dlq.model.DeadLetterReason;

/**
 * The names of the sink's per-reason, per-route and per-topic counts, as {@code
 * StreamingQueryProgress.sink.metrics} ({@link SinkTotals}) and the executors' live counters
 * ({@link LiveSinkCounters}) both publish them; per-rule names are {@link
 * RuleViolationsOfRuleMetric#metricName}. Users' dashboards and the lag plugin rely on them.
 */
public final class SinkMetricNames {

  private static final String REASON = Outcome.DEAD_LETTERS.metricName() + ".reason.";
  private static final String ROUTE = Outcome.RECORDS_SENT.metricName() + ".route.";
  private static final String TOPIC = Outcome.RECORDS_SENT.metricName() + ".topic.";

  private SinkMetricNames() {}

  /** {@code deadLetters.reason.<REASON>} */
  public static String deadLettersOf(DeadLetterReason reason) {
    return REASON + reason;
  }

  /** {@code recordsSent.route.<label>} */
  public static String recordsOfRoute(String routeLabel) {
    return ROUTE + routeLabel;
  }

  /** {@code recordsSent.topic.<topic>} */
  public static String recordsOfTopic(String topic) {
    return TOPIC + topic;
  }
}
