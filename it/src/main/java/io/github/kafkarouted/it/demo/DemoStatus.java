package io.github.kafkarouted.it.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the live view shows at one instant. Immutable.
 *
 * @param phase "running", "draining" or "stopping"
 * @param elapsed time since the generator started
 * @param duration planned generation time
 * @param header the first line (trigger, broker)
 * @param inputRate events acknowledged in the last second
 * @param input events acknowledged so far
 * @param inputByKind of which, per kind
 * @param recordsByDestination records read per output topic, duplicates included
 * @param deadLettersByReason dead-letter records per reason header
 * @param inFlight acknowledged events not yet seen on any output topic
 * @param recentLatency latency of routed records read in the last few seconds
 * @param lagCaption what the lag numbers mean under this trigger (may hold line breaks)
 * @param lag the lag listener's reading
 * @param spark one line about the query (batch, sink metrics), or a note
 */
record DemoStatus(
    String phase,
    Duration elapsed,
    Duration duration,
    String header,
    long inputRate,
    long input,
    Map<EventKind, Long> inputByKind,
    Map<Destination, Long> recordsByDestination,
    Map<String, Long> deadLettersByReason,
    long inFlight,
    Latency recentLatency,
    String lagCaption,
    LagReadout.Reading lag,
    String spark) {

  /** p50, p99 and max in ms over {@code count} records; -1 when none. */
  record Latency(long count, long p50, long p99, long max) {
    static Latency of(LatencyHistogram h) {
      return new Latency(h.count(), h.percentile(0.5), h.percentile(0.99), h.count() == 0 ? -1 : h.max());
    }
  }

  List<Destination> routes() {
    return List.of(Destination.URGENT, Destination.ERROR, Destination.STANDARD);
  }
}
