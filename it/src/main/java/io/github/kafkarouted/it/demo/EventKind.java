package io.github.kafkarouted.it.demo;

/**
 * The kinds of event the generator writes, and what should become of each. Immutable.
 */
public enum EventKind {
  /** A well-formed event: routed to urgent, error or standard. */
  GOOD("good"),
  /** Not valid JSON: a dead letter with reason SCHEMA_INVALID. */
  MALFORMED("malformed"),
  /** JSON with a wrong-typed or missing field: a dead letter with reason SCHEMA_INVALID. */
  INVALID("invalid"),
  /** Larger than the sink's max.request.size: a dead letter with reason RECORD_TOO_LARGE. */
  OVERSIZE("oversize"),
  /** An event type no route accepts: a dead letter with reason NO_ROUTE. */
  NO_ROUTE("no-route");

  private final String label;

  EventKind(String label) {
    this.label = label;
  }

  /** Short lower-case name for the screen. */
  public String label() {
    return label;
  }
}
