package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.connector.quality.RuleRow;
import io.github.kafkarouted.connector.routing.RoutableRow;

/**
 * One input row, evaluated: the record fields of Spark's kafka sink and the source coordinates
 * (columns {@code source_topic}, {@code source_partition}, {@code source_offset} when the input has
 * them) of {@link RowRecord}, and what routing ({@link RoutableRow}) and the data-quality rules
 * ({@link RuleRow}) need. A view that is reused from row to row.
 */
public interface OutputRow extends RowRecord, RoutableRow, RuleRow {}
