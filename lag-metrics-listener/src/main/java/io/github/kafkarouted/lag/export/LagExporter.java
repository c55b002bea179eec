package io.github.kafkarouted.lag.export;

import io.github.kafkarouted.lag.model.QueryLagSnapshot;

/**
 * A backend that publishes lag. Pull backends (the Prometheus endpoint) read the snapshots
 * themselves when scraped; push backends (Spark's metrics-system gauges) are handed the snapshots
 * after each poll round, on the poller thread. A new backend implements this and is attached to the
 * lag service ({@code LagService.attachExporter}); nothing else changes.
 */
public interface LagExporter extends AutoCloseable {

  /** The latest snapshots, after each poll round; must return quickly and never throw. */
  default void afterPoll(Iterable<QueryLagSnapshot> snapshots) {}

  /** Releases what the backend holds (a server socket); safe to call twice. */
  @Override
  default void close() {}
}
