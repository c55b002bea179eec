package io.github.kafkarouted.benchmarks;

import io.github.kafkarouted.connector.config.SinkOptions;
import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.RoutingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three routes of the dispatch and writer-path benchmarks, over {@link SyntheticEvent}s, in
 * first-match mode:
 *
 * <ol>
 *   <li>{@code orders} when {@code kind = 'order'} (40% of events);
 *   <li>{@code payments} when {@code kind = 'payment'} (30%);
 *   <li>{@code concat('large-', region)} when {@code amount > 1000} (a computed topic; about 15%
 *       of events reach it);
 * </ol>
 *
 * and the default topic {@code events-other} for the rest. Dead letters go to {@code events-dlq}.
 * The same layout is given both as sink options ({@link #sinkOptions}, planned by Spark) and as
 * a {@link RouteTable} with the conditions evaluated in Java ({@link #row}).
 *
 * <p>Stateless and thread-safe.
 */
public final class EventRoutes {

  public static final String DEFAULT_TOPIC = "events-other";
  public static final String DLQ_TOPIC = "events-dlq";
  /** Never contacted: the benchmarks replace the producer with a {@link NullProducer}. */
  public static final String BOOTSTRAP_SERVERS = "127.0.0.1:9";

  private static final long LARGE_AMOUNT_CENTS = 100_000;

  private EventRoutes() {}

  /** The table the sink builds from {@link #sinkOptions} (route 3 has a computed topic). */
  public static RouteTable routeTable() {
    return new RouteTable(
        List.of(
            new RouteTable.Route("orders", true, "route.1.topic"),
            new RouteTable.Route("payments", true, "route.2.topic"),
            new RouteTable.Route(null, true, "route.3.topicExpr")),
        RoutingMode.FIRST_MATCH,
        DEFAULT_TOPIC,
        false);
  }

  /** The event as the writer's projection would present it, with {@code value} as its value. */
  public static EventRow row(SyntheticEvent event, byte[] value) {
    boolean[] matches = {
      event.kind().equals("order"),
      event.kind().equals("payment"),
      event.amountCents() > LARGE_AMOUNT_CENTS
    };
    String[] computed = {null, null, "large-" + event.region()};
    return new EventRow(event, value, matches, computed);
  }

  /**
   * The sink options of this layout, for input columns {@code key, value, kind, region, amount,
   * source_topic, source_partition, source_offset}; with {@code validationAndDlq}, values are
   * checked strictly against {@link SyntheticEvent#SCHEMA_DDL} and bad records become dead letters.
   */
  public static Map<String, String> sinkOptions(boolean validationAndDlq) {
    return sinkOptions(validationAndDlq ? SinkVariant.VALIDATION_DLQ : SinkVariant.ROUTING);
  }

  /**
   * The sink options of {@code variant}: as {@link #sinkOptions(boolean)}, and for {@link
   * SinkVariant#routesOnValue()} the conditions read the decoded value ({@code data.kind = 'order'},
   * {@code data.amount > 1000}) instead of the columns extracted upstream.
   */
  public static Map<String, String> sinkOptions(SinkVariant variant) {
    boolean validationAndDlq = variant.validationAndDlq();
    String prefix = variant.routesOnValue() ? "data." : "";
    Map<String, String> options = new LinkedHashMap<>();
    options.put(SinkOptions.BOOTSTRAP_SERVERS, BOOTSTRAP_SERVERS);
    options.put(SinkOptions.TOPIC, DEFAULT_TOPIC);
    options.put("route.1.topic", "orders");
    options.put("route.1.when", prefix + "kind = 'order'");
    options.put("route.2.topic", "payments");
    options.put("route.2.when", prefix + "kind = 'payment'");
    options.put("route.3.topicExpr", "concat('large-', region)");
    options.put("route.3.when", prefix + "amount > 1000");
    if (validationAndDlq && variant.avro()) {
      options.put(SinkOptions.VALIDATION_FORMAT, SinkOptions.VALIDATION_FORMAT_AVRO);
      options.put(SinkOptions.VALIDATION_AVRO_SCHEMA, SyntheticEvent.AVRO_SCHEMA);
      options.put(SinkOptions.DLQ_TOPIC, DLQ_TOPIC);
    } else if (validationAndDlq) {
      options.put(SinkOptions.VALIDATION_SCHEMA, SyntheticEvent.SCHEMA_DDL);
      options.put(SinkOptions.VALIDATION_ALLOW_UNKNOWN_FIELDS, "false");
      options.put(SinkOptions.DLQ_TOPIC, DLQ_TOPIC);
    }
    return options;
  }
}
