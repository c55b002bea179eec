package io.github.kafkarouted.connector.routing;

/**
 * What the router needs to know about one row. Implementations are views over an already
 * evaluated row (no evaluation happens in these calls); the router calls them only for the routes
 * it visits.
 */
public interface RoutableRow {

  /** Whether the condition of the route at {@code routeIndex} holds (SQL NULL means no). */
  boolean matches(int routeIndex);

  /** The topic computed by the route's topic expression; null when the expression gave NULL. */
  String computedTopic(int routeIndex);

  /** The row's {@code topic} column; null when absent or NULL. */
  String topicColumn();
}
