package io.github.kafkarouted.connector.metrics;

import java.util.Map;

/**
 * The JMX view of one streaming query run's sink outcomes in one executor JVM ({@link
 * LiveSinkCounters}): object name {@value LiveSinkCounters#OBJECT_NAME_PREFIX}{@code
 * query_id=<id>,run_id=<id>}. The lag plugin's executor side reads it and sends it to the driver.
 */
public interface SinkOutcomesMBean {

  String getQueryId();

  String getRunId();

  /**
   * Counts since the run's first task in this JVM, by the names of {@code
   * StreamingQueryProgress.sink.metrics}: {@code rowsIn}, {@code rowsRouted}, {@code
   * rowsDeadLettered}, {@code rowsDropped}, {@code recordsSent}, {@code deadLetters}, {@code
   * ruleViolations}, {@code deadLetters.reason.<REASON>}, {@code recordsSent.route.<label>}, {@code
   * rule.<name>.violations}. Tasks still running count what they did so far.
   */
  Map<String, Long> getTotals();
}
