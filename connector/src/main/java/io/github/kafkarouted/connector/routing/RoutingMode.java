package io.github.kafkarouted.connector.routing;

/** How a row that matches several routes is sent. */
public enum RoutingMode {
  /** To the first matching route, in ascending route number. */
  FIRST_MATCH,
  /** A copy to every matching route. */
  ALL_MATCHES
}
