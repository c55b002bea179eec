package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.tracking.QueryInspector.Inspection;
import io.github.kafkarouted.lag.tracking.QueryInspector.PositionProbe;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link QueryInspector} and its probes so that nothing they throw reaches the poll round.
 * The Spark inspector reads Spark internals, which can fail in any way (including a {@link
 * LinkageError} on another Spark version); a failure means "nothing known now", never "gone".
 *
 * <p>Called from the poll thread only.
 */
final class GuardedInspector {

  private static final Logger LOG = LoggerFactory.getLogger(GuardedInspector.class);

  private final QueryInspector inspector;

  GuardedInspector(QueryInspector inspector) {
    this.inspector = inspector;
  }

  /** The inspection of the run, or {@code Unavailable} if inspecting failed. */
  Inspection inspect(UUID id, UUID runId) {
    try {
      return inspector.inspect(id, runId);
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("Inspecting query {} failed", id, e);
      return new QueryInspector.Unavailable(e.toString());
    }
  }

  /**
   * Committed positions, or empty if the run is no longer active; an empty map if they could not
   * be read.
   */
  Optional<Map<TopicPartition, Long>> probe(UUID id, PositionProbe probe) {
    try {
      if (!probe.isActive()) {
        return Optional.empty();
      }
      return Optional.of(probe.committedPositions());
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("Reading committed positions of query {} failed", id, e);
      return Optional.of(Map.of());
    }
  }

  /** The executor consumer group ids the probe knows; empty if it knows none or failed. */
  Set<String> executorGroupIds(UUID id, PositionProbe probe) {
    try {
      return Set.copyOf(probe.executorGroupIds());
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("Reading the executor consumer group of query {} failed", id, e);
      return Set.of();
    }
  }
}
