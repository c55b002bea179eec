package io.github.kafkarouted.connector.routing;

/**
 * The targets chosen for one row: reused from row to row so that routing allocates nothing. Not
 * thread-safe.
 */
public final class RouteTargets {

  private final String[] topics;
  private final int[] routes;
  private int size;

  RouteTargets(int capacity) {
    this.topics = new String[capacity];
    this.routes = new int[capacity];
  }

  public void clear() {
    size = 0;
  }

  void add(int route, String topic) {
    routes[size] = route;
    topics[size] = topic;
    size++;
  }

  public int size() {
    return size;
  }

  /** The topic of target {@code i}; null if a topic expression or the topic column gave NULL. */
  public String topic(int i) {
    return topics[i];
  }

  /** The route index of target {@code i}; {@link RouteTable#defaultRouteIndex()} for the default. */
  public int route(int i) {
    return routes[i];
  }
}
