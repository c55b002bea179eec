/**
 * The sink's outcome counts as Spark sees them: one {@code CustomMetric} per class for the SQL
 * tab, the commit message, and the query totals behind {@code sink.metrics}.
 */
package io.github.kafkarouted.connector.metrics;
