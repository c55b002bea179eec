package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * Everything an executor needs to write, fully resolved on the driver: the output expressions
 * (bound to the input's attributes and compiled once per writer), the route table, the unmatched
 * policy and the producer settings. Immutable and serializable; never holds Spark's
 * case-insensitive options map (which is not serializable).
 *
 * <p>The output expressions have a fixed layout: {@link #KEY}, {@link #VALUE}, {@link #PARTITION},
 * {@link #HEADERS}, {@link #TOPIC}, then one condition per route from {@link #whenOrdinal}, then
 * one topic expression per route from {@link #topicExprOrdinal}.
 */
public final class WriterSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final int KEY = 0;
  public static final int VALUE = 1;
  public static final int PARTITION = 2;
  public static final int HEADERS = 3;
  public static final int TOPIC = 4;
  private static final int FIRST_ROUTE_FIELD = 5;

  private final Expression[] outputExpressions;
  private final Attribute[] inputAttributes;
  private final RouteTable routeTable;
  private final UnmatchedPolicy unmatchedPolicy;
  private final TreeMap<String, String> producerSettings;
  private final String description;

  WriterSpec(
      Expression[] outputExpressions,
      Attribute[] inputAttributes,
      RouteTable routeTable,
      UnmatchedPolicy unmatchedPolicy,
      Map<String, String> producerSettings,
      String description) {
    this.outputExpressions = outputExpressions.clone();
    this.inputAttributes = inputAttributes.clone();
    this.routeTable = routeTable;
    this.unmatchedPolicy = unmatchedPolicy;
    this.producerSettings = new TreeMap<>(producerSettings);
    this.description = description;
  }

  public int whenOrdinal(int route) {
    return FIRST_ROUTE_FIELD + route;
  }

  public int topicExprOrdinal(int route) {
    return FIRST_ROUTE_FIELD + routeTable.routeCount() + route;
  }

  public Expression[] outputExpressions() {
    return outputExpressions.clone();
  }

  public Attribute[] inputAttributes() {
    return inputAttributes.clone();
  }

  public RouteTable routeTable() {
    return routeTable;
  }

  public UnmatchedPolicy unmatchedPolicy() {
    return unmatchedPolicy;
  }

  /** Producer settings without serializers (the pool adds byte-array serializers). */
  public Map<String, String> producerSettings() {
    return producerSettings;
  }

  /** What the sink writes, for plans and the streaming progress; holds no secrets. */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
