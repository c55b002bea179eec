package io.github.kafkarouted.it.demo;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Builds the generator's events: JSON objects {@code event_id, user_id, event_type, priority, ts},
 * keyed by {@code event_id}, plus (with bad records on) malformed, invalid, oversize and unroutable
 * ones in fixed shares. Each event knows the {@link Destination} the pipeline must give it.
 *
 * <p>Event ids are {@code <runId>-<seq>}: the monitor recognises this run's records by the prefix
 * and finds the sequence number without parsing the value (dead letters of malformed JSON keep the
 * key). The mix comes from a seeded {@link Random}, so a run is reproducible.
 *
 * <p>Not thread-safe: one instance per generator thread.
 */
final class EventFactory {
  /** Users {@code u0001..u0500}; the Delta dimension table has a row for each. */
  static final int USER_COUNT = 500;

  /** Shares of bad events, in per mille, when bad records are on. */
  static final int MALFORMED_PER_MILLE = 10;
  static final int INVALID_PER_MILLE = 10;
  static final int OVERSIZE_PER_MILLE = 5;
  static final int NO_ROUTE_PER_MILLE = 10;

  /** Padding of an oversize event: above the sink's {@link DemoPipeline#SINK_MAX_REQUEST_SIZE}. */
  static final int OVERSIZE_PAYLOAD_CHARS = 100_000;

  /** The event types the standard route accepts ({@code error} has its own route). */
  static final String[] STANDARD_TYPES = {"click", "view", "purchase", "login"};

  private static final String PAYLOAD = "x".repeat(OVERSIZE_PAYLOAD_CHARS);

  private final String runId;
  private final boolean badRecords;
  private final Random random;

  /** One generated event: what to send and where it must end up. */
  record Event(long seq, EventKind kind, byte[] key, byte[] value, Destination expected) {}

  EventFactory(String runId, boolean badRecords, long seed) {
    this.runId = runId;
    this.badRecords = badRecords;
    this.random = new Random(seed);
  }

  /** The event id (and record key) of event {@code seq}. */
  static String eventId(String runId, long seq) {
    return runId + "-" + seq;
  }

  Event next(long seq, long nowMillis) {
    String id = eventId(runId, seq);
    String user = String.format("u%04d", 1 + random.nextInt(USER_COUNT));
    EventKind kind = pickKind();
    String priority = pickPriority();
    String type = pickType();
    String json;
    Destination expected;
    switch (kind) {
      case MALFORMED -> {
        // Half are cut off mid-object, half are not JSON at all.
        json =
            random.nextBoolean()
                ? "{\"event_id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"event_ty"
                : "event " + id + " from " + user;
        expected = Destination.DEAD_LETTER;
      }
      case INVALID -> {
        // The seeds' from_json(...).isNull() check lets these through half-parsed.
        json =
            random.nextBoolean()
                ? object(id, user, type, priority, "\"yesterday\"", null)
                : "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"priority\":\""
                    + priority + "\",\"ts\":" + nowMillis + "}";
        expected = Destination.DEAD_LETTER;
      }
      case OVERSIZE -> {
        json = object(id, user, type, priority, Long.toString(nowMillis), PAYLOAD);
        expected = Destination.DEAD_LETTER;
      }
      case NO_ROUTE -> {
        // Low priority, so that the urgent route does not take it.
        json = object(id, user, "heartbeat", "low", Long.toString(nowMillis), null);
        expected = Destination.DEAD_LETTER;
      }
      default -> {
        json = object(id, user, type, priority, Long.toString(nowMillis), null);
        expected = routeOf(type, priority);
      }
    }
    return new Event(
        seq, kind, id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), expected);
  }

  /** The route the demo's query must choose (first match: urgent, then error, then standard). */
  static Destination routeOf(String eventType, String priority) {
    if ("high".equals(priority)) {
      return Destination.URGENT;
    }
    return "error".equals(eventType) ? Destination.ERROR : Destination.STANDARD;
  }

  private EventKind pickKind() {
    if (!badRecords) {
      return EventKind.GOOD;
    }
    int r = random.nextInt(1000);
    if (r < MALFORMED_PER_MILLE) {
      return EventKind.MALFORMED;
    }
    r -= MALFORMED_PER_MILLE;
    if (r < INVALID_PER_MILLE) {
      return EventKind.INVALID;
    }
    r -= INVALID_PER_MILLE;
    if (r < OVERSIZE_PER_MILLE) {
      return EventKind.OVERSIZE;
    }
    r -= OVERSIZE_PER_MILLE;
    return r < NO_ROUTE_PER_MILLE ? EventKind.NO_ROUTE : EventKind.GOOD;
  }

  private String pickPriority() {
    int r = random.nextInt(100);
    return r < 10 ? "high" : r < 70 ? "normal" : "low";
  }

  private String pickType() {
    int r = random.nextInt(100);
    if (r < 10) {
      return "error";
    }
    return r < 55 ? "click" : r < 80 ? "view" : r < 90 ? "purchase" : "login";
  }

  private static String object(String id, String user, String type, String priority, String ts, String payload) {
    StringBuilder b = new StringBuilder(96 + (payload == null ? 0 : payload.length() + 16));
    b.append("{\"event_id\":\"").append(id)
        .append("\",\"user_id\":\"").append(user)
        .append("\",\"event_type\":\"").append(type)
        .append("\",\"priority\":\"").append(priority)
        .append("\",\"ts\":").append(ts);
    if (payload != null) {
      b.append(",\"payload\":\"").append(payload).append('"');
    }
    return b.append('}').toString();
  }
}
