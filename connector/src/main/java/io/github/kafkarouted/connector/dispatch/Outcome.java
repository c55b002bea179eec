package io.github.kafkarouted.connector.dispatch;

/**
 * The sink's outcome counts, declared once: each one's metric name and description. The names are
 * public contract (SQL tab, {@code StreamingQueryProgress.sink.metrics}, the ForeachWriter's
 * {@code kafka-routed.<name>} accumulators; dashboards read them): never rename one.
 *
 * <p>Every input row ({@link #ROWS_IN}) ends in exactly one of {@link #ROWS_ROUTED}, {@link
 * #ROWS_DEAD_LETTERED} or {@link #ROWS_DROPPED}. {@link #RECORDS_SENT} is broken down per route and
 * per topic, {@link #DEAD_LETTERS} per reason, under {@code <name>.route.<label>}, {@code
 * <name>.topic.<topic>} and {@code <name>.reason.<REASON>}.
 *
 * <p>Adding an outcome: a constant here and the code that counts it ({@link DispatchCounters}).
 * Commit messages, query totals and accumulators pick it up; {@code metrics.SinkMetrics} then
 * asks (a compile error) for its SQL-tab class, because Spark re-creates those by class name.
 * Plain Java.
 */
public enum Outcome {
  ROWS_IN("rowsIn", "rows received by the kafka-routed sink"),
  ROWS_ROUTED("rowsRouted", "rows sent to at least one topic"),
  ROWS_DEAD_LETTERED(
      "rowsDeadLettered", "rows written to the dead-letter topic instead of any route"),
  ROWS_DROPPED("rowsDropped", "rows dropped by routing.unmatched=drop or a rule with action drop"),
  RECORDS_SENT("recordsSent", "records sent to Kafka (a row fanned out to n routes counts n)"),
  DEAD_LETTERS(
      "deadLetters", "dead-letter records written (a row fanned out to n routes may give several)"),
  RULE_VIOLATIONS(
      "ruleViolations", "data-quality rule violations (a row breaking n rules counts n); per rule in rule.<name>.violations");

  private final String metricName;
  private final String description;

  Outcome(String metricName, String description) {
    this.metricName = metricName;
    this.description = description;
  }

  /** The metric name, e.g. {@code rowsIn}. */
  public String metricName() {
    return metricName;
  }

  /** One line for the SQL tab. */
  public String description() {
    return description;
  }
}
