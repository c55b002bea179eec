package io.github.kafkarouted.connector.routing;

import java.io.Serializable;
import java.util.List;

/**
 * The routes of a sink, resolved on the driver and shipped to executors. Routing one row is one
 * pass over the routes in ascending route number with no allocation.
 *
 * <p>Route {@code i} (0-based) either has a literal topic or takes its topic from a per-row
 * expression, and either always matches or has a condition. A row that no route matched goes to
 * the default target: the {@code topic} option if set, else the row's {@code topic} column if the
 * input has one, else nowhere (the caller applies the {@link UnmatchedPolicy}).
 *
 * <p>Immutable and thread-safe; {@link #newTargets()} gives each writer its own buffer.
 */
public final class RouteTable implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One route: a literal topic (null if computed), whether it has a condition, and its option. */
  public record Route(String literalTopic, boolean conditional, String optionName)
      implements Serializable {}

  private final Route[] routes;
  private final RoutingMode mode;
  private final String defaultTopic;
  private final boolean defaultFromTopicColumn;
  private final String[] labels;

  public RouteTable(
      List<Route> routes, RoutingMode mode, String defaultTopic, boolean defaultFromTopicColumn) {
    this.routes = routes.toArray(new Route[0]);
    this.mode = mode;
    this.defaultTopic = defaultTopic;
    this.defaultFromTopicColumn = defaultTopic == null && defaultFromTopicColumn;
    this.labels = labels(this.routes);
  }

  /** A buffer big enough for any row of this table. */
  public RouteTargets newTargets() {
    return new RouteTargets(routes.length + 1);
  }

  /**
   * Chooses the targets of {@code row} into {@code out} and returns how many there are: zero means
   * no route matched and there is no default target.
   */
  public int resolve(RoutableRow row, RouteTargets out) {
    out.clear();
    for (int i = 0; i < routes.length; i++) {
      Route route = routes[i];
      if (route.conditional && !row.matches(i)) {
        continue;
      }
      out.add(i, route.literalTopic != null ? route.literalTopic : row.computedTopic(i));
      if (mode == RoutingMode.FIRST_MATCH) {
        return 1;
      }
    }
    if (out.size() == 0) {
      if (defaultTopic != null) {
        out.add(routes.length, defaultTopic);
      } else if (defaultFromTopicColumn) {
        out.add(routes.length, row.topicColumn());
      }
    }
    return out.size();
  }

  public int routeCount() {
    return routes.length;
  }

  /** The index that {@link RouteTargets#route} gives for the default target. */
  public int defaultRouteIndex() {
    return routes.length;
  }

  /** The literal topic of route {@code index} or the default topic; null when computed per row. */
  public String literalTopic(int index) {
    return index == routes.length ? defaultTopic : routes[index].literalTopic;
  }

  /** The option or column a target's topic came from, for error messages and metric names. */
  public String topicSource(int index) {
    if (index < routes.length) {
      return routes[index].optionName;
    }
    return defaultTopic != null ? "topic option" : "topic column";
  }

  /** Short name of route {@code index} for metrics and idempotency keys: its number, or "default". */
  public String label(int index) {
    return labels[index];
  }

  /** Computed once: labels go into every record's idempotency key. */
  private static String[] labels(Route[] routes) {
    String[] labels = new String[routes.length + 1];
    for (int i = 0; i < routes.length; i++) {
      // "route.3.topic" -> "3"
      String[] parts = routes[i].optionName.split("\\.");
      labels[i] = parts.length >= 2 ? parts[1] : Integer.toString(i + 1);
    }
    labels[routes.length] = "default";
    return labels;
  }
}
