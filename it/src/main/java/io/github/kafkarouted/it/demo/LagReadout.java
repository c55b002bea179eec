package io.github.kafkarouted.it.demo;

import io.github.kafkarouted.lag.KafkaLagListener;
import io.github.kafkarouted.lag.tracking.LagListenerConf;
import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.tracking.LagServiceRegistry;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The demo's only contact with the lag listener: the Spark settings that load it (configuration
 * only, as users load it) and the per-partition lag of the demo's query, read through its Java API
 * ({@link LagServiceRegistry}, {@link LagService#snapshot(UUID)}).
 *
 * <p>Stateless and thread-safe. A failure to read lag never stops the demo: the screen says why.
 */
final class LagReadout {

  /** How often the listener reads the brokers' end offsets, so the screen's lag is at most this old. */
  static final String POLL_INTERVAL = "1s";

  private final String applicationId;
  private final UUID queryId;

  LagReadout(String applicationId, UUID queryId) {
    this.applicationId = applicationId;
    this.queryId = queryId;
  }

  /** Session settings loading the listener through {@code spark.extraListeners}. */
  static Map<String, String> sessionConf() {
    return Map.of(
        "spark.extraListeners", KafkaLagListener.class.getName(),
        LagListenerConf.POLL_INTERVAL, POLL_INTERVAL);
  }

  /** One partition's line on the screen. */
  record Line(String topic, int partition, long consumed, long latest, long lag, String status) {}

  /** The query's lag per partition, or a reason why there is none yet. */
  record Reading(List<Line> lines, String note) {}

  Reading read() {
    try {
      Optional<LagService> service = LagServiceRegistry.find(applicationId);
      if (service.isEmpty()) {
        return new Reading(List.of(), "lag listener not running");
      }
      Optional<QueryLagSnapshot> snapshot = service.get().snapshot(queryId);
      if (snapshot.isEmpty() || snapshot.get().partitions().isEmpty()) {
        return new Reading(List.of(), "no position yet: known once the first batch (or epoch) commits");
      }
      List<Line> lines =
          snapshot.get().partitions().stream()
              .map(
                  (PartitionLag p) ->
                      new Line(
                          p.topic(),
                          p.partition(),
                          p.consumedOffset(),
                          p.latestOffset().orElse(-1),
                          p.lagOffsets().orElse(-1),
                          p.status().name()))
              .toList();
      return new Reading(lines, null);
    } catch (RuntimeException | LinkageError e) {
      // The listener is young; never let it take the demo down.
      return new Reading(List.of(), "lag unavailable: " + e.getClass().getSimpleName());
    }
  }
}
