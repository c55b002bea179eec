package io.github.kafkarouted.it.demo;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Builds the {@link DemoStatus} the live view shows, from the generator, the output monitor, the
 * query's progress and the lag listener. Created once everything is running. The input rate is
 * computed between two samples, not averaged over the run, so a stall shows at once.
 *
 * <p>Thread-safe: called on the view thread; the parts it reads are thread-safe.
 */
final class DemoStatusSampler {
  private final DemoOptions options;
  private final EventGenerator generator;
  private final OutputMonitor monitor;
  private final StreamingQuery query;
  private final LagReadout lag;
  private final String header;
  private final long generatorStartNanos;
  private final Supplier<String> phase;
  private final AtomicLong lastAcked = new AtomicLong();
  private final AtomicLong lastAckedAt = new AtomicLong();

  DemoStatusSampler(
      DemoOptions options,
      EventGenerator generator,
      OutputMonitor monitor,
      StreamingQuery query,
      LagReadout lag,
      String header,
      long generatorStartNanos,
      Supplier<String> phase) {
    this.options = options;
    this.generator = generator;
    this.monitor = monitor;
    this.query = query;
    this.lag = lag;
    this.header = header;
    this.generatorStartNanos = generatorStartNanos;
    this.phase = phase;
  }

  /** What the live view shows now. */
  DemoStatus sample() {
    EventGenerator g = generator;
    OutputMonitor m = monitor;
    long acked = g.acked();
    long now = System.nanoTime();
    long previousAt = lastAckedAt.getAndSet(now);
    long previous = lastAcked.getAndSet(acked);
    double seconds = previousAt == 0 ? Math.max(1e-3, (now - generatorStartNanos) / 1e9) : (now - previousAt) / 1e9;
    long rate = Math.round((acked - previous) / Math.max(1e-3, seconds));
    Map<EventKind, Long> byKind = new EnumMap<>(EventKind.class);
    for (EventKind k : EventKind.values()) {
      byKind.put(k, g.acked(k));
    }
    Map<Destination, Long> records = new EnumMap<>(Destination.class);
    for (Destination d : Destination.values()) {
      records.put(d, m.records(d));
    }
    long inFlight = Math.max(0, acked - m.distinctRouted() - m.distinctDeadLetters());
    return new DemoStatus(
        phase.get(),
        Duration.ofNanos(now - generatorStartNanos),
        options.duration(),
        header,
        rate,
        acked,
        byKind,
        records,
        m.deadLettersByReason(),
        inFlight,
        DemoStatus.Latency.of(m.recentLatency()),
        lagCaption(),
        lag.read(),
        QueryProgressReadout.sparkLine(query, options.trigger()));
  }

  /** Two lines: where lag comes from, and what the position means under this trigger. */
  private String lagCaption() {
    String source = "from the lag listener, per partition: query position vs. broker end offset\n";
    return switch (options.trigger()) {
      case REALTIME -> source + "(position = end of the last committed batch: it moves every "
          + options.realTimeBatch().toSeconds() + " s, while records flow all along: see in flight)";
      case MICROBATCH -> source + "(position = end of the last batch)";
      case CONTINUOUS -> source + "(position = end of the last committed epoch, every 1 s)";
    };
  }
}
