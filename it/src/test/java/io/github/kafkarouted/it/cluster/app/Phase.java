package io.github.kafkarouted.it.cluster.app;

/**
 * The queries {@link ClusterApp} runs, in this order, each writing the same input with two routes
 * and a dead-letter topic to topics of its own. Shared by the app and the test, which creates and
 * reads the topics.
 */
public enum Phase {
  /** {@code format("kafka-routed")}, micro-batch; an executor is killed while it runs. */
  MICRO_BATCH("microbatch"),
  /** {@code KafkaRouted.foreachWriter} under {@code Trigger.RealTime}. */
  REAL_TIME_FOREACH("realtime-foreach"),
  /** {@code format("kafka-routed")} under {@code Trigger.RealTime}, Spark's allowlist check off. */
  REAL_TIME_DSV2("realtime-dsv2"),
  /** {@code df.write().format("kafka-routed")}. */
  BATCH("batch");

  /** The topic routed rows go to when their {@code kind} is {@code a} (route 1) or {@code b} (route 2). */
  public static final String ROUTE_A = "a";

  public static final String ROUTE_B = "b";

  /** Rows of kind {@code c} match no route: with no default topic they become NO_ROUTE dead letters. */
  public static final String DEAD_LETTERS = "dlq";

  private final String id;

  Phase(String id) {
    this.id = id;
  }

  /** Short name used in topic names, control files and the app's output. */
  public String id() {
    return id;
  }

  /** The output topic of this phase for {@code route} ({@link #ROUTE_A}, {@link #ROUTE_B}, {@link #DEAD_LETTERS}). */
  public String topic(String prefix, String route) {
    return prefix + "-" + id + "-" + route;
  }

  /** The file whose creation tells the app to stop this phase's streaming query. */
  public String stopFileName() {
    return id + ".stop";
  }
}
