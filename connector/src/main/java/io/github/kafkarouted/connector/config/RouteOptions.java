package io.github.kafkarouted.connector.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.apache.kafka.common.config.ConfigException;

/** Collects the {@code route.<n>.*} options and builds the routes, refusing bad ones by name. */
final class RouteOptions {

  /** Route number to {topic, topicExpr, when}, in route order. */
  private final Map<Integer, String[]> routeFields = new TreeMap<>();

  /** Takes one {@code route.<n>.topic|topicExpr|when} option. */
  void collect(String key, String value) {
    Matcher m = SinkOptions.ROUTE_KEY.matcher(key);
    if (!m.matches()) {
      throw new ConfigException(key, value, "Unknown route option. Routes are written route.<n>.topic,"
          + " route.<n>.topicExpr and route.<n>.when, with n a positive integer.");
    }
    int number;
    try {
      number = Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number <= 0 || !m.group(1).equals(Integer.toString(number))) {
      throw new ConfigException(key, value, "The route number '" + m.group(1)
          + "' must be a positive integer without sign or leading zeros (route.1, route.2, ...).");
    }
    String[] fields = routeFields.computeIfAbsent(number, n -> new String[3]);
    int slot =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "topic" -> 0;
          case "topicexpr" -> 1;
          default -> 2;
        };
    if (fields[slot] != null) {
      throw new ConfigException(key, value, "Route " + number + " sets this option twice.");
    }
    fields[slot] = value;
  }

  /** The routes in ascending route number, each checked (one topic, non-empty expressions). */
  List<RouteOption> build() {
    List<RouteOption> routes = new ArrayList<>();
    for (Map.Entry<Integer, String[]> e : routeFields.entrySet()) {
      int n = e.getKey();
      String topic = e.getValue()[0] == null ? null : e.getValue()[0].trim();
      String topicExpr = e.getValue()[1];
      String when = e.getValue()[2];
      RouteOption route = new RouteOption(n, topic, topicExpr, when);
      if (topic != null && topicExpr != null) {
        throw new ConfigException(
            route.key(SinkOptions.ROUTE_TOPIC_EXPR_SUFFIX),
            topicExpr,
            "Route " + n + " sets both route." + n + ".topic and route." + n + ".topicExpr; keep one.");
      }
      if (topic == null && topicExpr == null) {
        throw new ConfigException(
            "Route "
                + n
                + " has no topic: set '"
                + route.key(SinkOptions.ROUTE_TOPIC_SUFFIX)
                + "' (a topic name) or '"
                + route.key(SinkOptions.ROUTE_TOPIC_EXPR_SUFFIX)
                + "' (a SQL string expression).");
      }
      if (topic != null) {
        SinkConf.checkTopicName(route.key(SinkOptions.ROUTE_TOPIC_SUFFIX), topic);
      }
      if (topicExpr != null && topicExpr.isBlank()) {
        throw new ConfigException(
            route.key(SinkOptions.ROUTE_TOPIC_EXPR_SUFFIX), topicExpr, "The expression is empty.");
      }
      if (when != null && when.isBlank()) {
        throw new ConfigException(
            route.key(SinkOptions.ROUTE_WHEN_SUFFIX), when, "The condition is empty.");
      }
      routes.add(route);
    }
    return routes;
  }
}
