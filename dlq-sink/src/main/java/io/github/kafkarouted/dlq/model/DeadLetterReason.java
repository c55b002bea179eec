package io.github.kafkarouted.dlq.model;

/**
 * Why a row became a dead letter. Written as the {@link DeadLetterHeaders#REASON} header (the enum
 * name) in every style and format, so a DLQ can be filtered without parsing anything else.
 *
 * <p>Names are part of the on-the-wire contract: add constants, never rename or remove them.
 */
public enum DeadLetterReason {
  /** The row failed validation against the expected input schema (missing column, wrong type, null value). */
  SCHEMA_INVALID,
  /** No route matched the row and no default route is configured. */
  NO_ROUTE,
  /** Evaluating a route (its condition or topic expression) threw for this row. */
  ROUTE_ERROR,
  /** The record built for a route exceeds the producer's {@code max.request.size} or the broker's limit. */
  RECORD_TOO_LARGE,
  /** The target topic does not exist (or is not visible to the producer's principal). */
  TOPIC_NOT_FOUND,
  /** The broker rejected the record itself as invalid (e.g. a null key on a compacted topic). */
  INVALID_RECORD,
  /** Any other per-record send failure that the tolerance policy chose to dead-letter. */
  SEND_FAILED,
  /**
   * A topic computed for the row (a topic expression or the {@code topic} column) is one the sink
   * must never write a record to: an internal topic ({@code __*}) or a dead-letter topic.
   */
  TOPIC_NOT_ALLOWED,
  /**
   * A data-quality rule ({@code validation.rule.<name>}, action {@code dlq}) does not hold for the
   * row; the rule's name is in {@link DeadLetterHeaders#RULE}.
   */
  RULE_VIOLATION
}
