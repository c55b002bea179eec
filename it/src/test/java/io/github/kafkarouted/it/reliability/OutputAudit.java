package io.github.kafkarouted.it.reliability;

import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import io.github.kafkarouted.it.reliability.CrashEvents.Destination;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads back every output record of a {@link CrashEvents} run (the three route topics and the
 * dead-letter topic) and counts, per event, how many copies landed where they belong: lost events
 * have none, duplicates more than one, and any record on a topic it does not belong to is listed
 * as misplaced. Immutable once built.
 */
final class OutputAudit {

  private static final Destination[] ROUTES = {Destination.URGENT, Destination.ERRORS, Destination.STANDARD};

  private final int[] copies;
  private final List<String> misplaced = new ArrayList<>();
  private final Map<Destination, Long> landed = new EnumMap<>(Destination.class);
  private long records;

  /** Reads {@code urgent, errors, standard} (in that order) and {@code dlq}. */
  OutputAudit(KafkaTestCluster kafka, int events, List<String> routeTopics, String dlq) {
    this(kafka, events, routeTopics, dlq, false);
  }

  /** As above, {@code read_committed} if {@code readCommitted}: what a transactional consumer sees. */
  OutputAudit(KafkaTestCluster kafka, int events, List<String> routeTopics, String dlq, boolean readCommitted) {
    this.copies = new int[events];
    for (int i = 0; i < routeTopics.size(); i++) {
      for (ConsumerRecord<byte[], byte[]> r : kafka.consumeAll(routeTopics.get(i), readCommitted)) {
        count(r, ROUTES[i]);
      }
    }
    for (ConsumerRecord<byte[], byte[]> r : kafka.consumeAll(dlq, readCommitted)) {
      Header reason = r.headers().lastHeader(DeadLetterHeaders.REASON);
      String why = reason == null ? "none" : new String(reason.value(), StandardCharsets.UTF_8);
      switch (why) {
        case "SCHEMA_INVALID" -> count(r, Destination.DLQ_SCHEMA_INVALID);
        case "NO_ROUTE" -> count(r, Destination.DLQ_NO_ROUTE);
        default -> {
          records++;
          misplaced.add(key(r) + " dead-lettered as " + why);
        }
      }
    }
  }

  private void count(ConsumerRecord<byte[], byte[]> r, Destination where) {
    records++;
    String key = key(r);
    int n = CrashEvents.number(key);
    if (n < 0 || n >= copies.length) {
      misplaced.add("unknown record key " + key + " on " + where);
      return;
    }
    if (CrashEvents.destination(n) != where) {
      misplaced.add(key + " on " + where + ", expected " + CrashEvents.destination(n));
      return;
    }
    copies[n]++;
    landed.merge(where, 1L, Long::sum);
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
  }

  /** Copies of event {@code n} found where it belongs. */
  int copies(int n) {
    return copies[n];
  }

  int events() {
    return copies.length;
  }

  /** Every output record read, misplaced ones included. */
  long records() {
    return records;
  }

  long routed() {
    return landed.getOrDefault(Destination.URGENT, 0L) + landed.getOrDefault(Destination.ERRORS, 0L)
        + landed.getOrDefault(Destination.STANDARD, 0L);
  }

  long deadLetters() {
    return records - routed();
  }

  Map<Destination, Long> byDestination() {
    return landed;
  }

  /** Ids of the events found nowhere. */
  List<String> lost() {
    List<String> lost = new ArrayList<>();
    for (int n = 0; n < copies.length; n++) {
      if (copies[n] == 0) {
        lost.add(CrashEvents.id(n));
      }
    }
    return lost;
  }

  /** Copies beyond the first, over all events. */
  long duplicates() {
    long d = 0;
    for (int c : copies) {
      d += Math.max(0, c - 1);
    }
    return d;
  }

  List<String> misplaced() {
    return misplaced;
  }

  /** The first 20 entries, for assertion messages. */
  static List<String> head(List<String> list) {
    return list.size() <= 20 ? list : list.subList(0, 20);
  }
}
