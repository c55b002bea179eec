package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.offsets.KafkaSourceOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks inside a running query for what its events do not carry: the options of its Kafka
 * sources, its trigger, and (for continuous queries, which report no progress) its committed
 * positions. The Spark implementation reads Spark internals; tests pass a fake.
 *
 * <p>Called from the tracker's poll thread only.
 */
public interface QueryInspector {

  /** Result of one inspection. */
  sealed interface Inspection permits Found, Gone, Unavailable {}

  /** The run is active; here is what could be learnt. */
  record Found(QueryDetails details) implements Inspection {}

  /** The run is no longer active (its termination event may have been lost). */
  record Gone() implements Inspection {}

  /** Nothing can be said now (no session reachable); ask again later. */
  record Unavailable(String reason) implements Inspection {}

  Inspection inspect(UUID queryId, UUID runId);

  /** An inspector that never learns anything (no Spark, or introspection switched off). */
  static QueryInspector none() {
    return (id, runId) -> new Unavailable("no inspector");
  }

  /**
   * What the query's plan says.
   *
   * @param kafkaSources options of each Kafka source in the plan
   * @param continuous true for the continuous trigger (no progress events at all)
   * @param realTime true for Real-Time Mode (progress only at the end of long batches)
   * @param triggerIntervalMs the trigger's interval or Real-Time Mode batch duration, 0 if none
   * @param positions reads the query's committed positions and liveness on demand
   */
  record QueryDetails(
      List<KafkaSourceOptions> kafkaSources,
      boolean continuous,
      boolean realTime,
      long triggerIntervalMs,
      PositionProbe positions) {

    public QueryDetails {
      kafkaSources = List.copyOf(kafkaSources);
    }
  }

  /** Live view of a running query's committed positions. */
  interface PositionProbe {
    /** Whether the run is still active. */
    boolean isActive();

    /** Committed position (next offset to read) of each Kafka partition; empty map if none yet. */
    Map<TopicPartition, Long> committedPositions();

    /**
     * The {@code group.id} of the consumers the query's Kafka sources create on executors, once
     * the sources exist (Spark makes a unique one per source and run unless the user sets {@code
     * kafka.group.id}); empty if not known (yet).
     */
    default java.util.Set<String> executorGroupIds() {
      return java.util.Set.of();
    }

    /** A probe of a query whose positions cannot be read. */
    static PositionProbe unavailable() {
      return new PositionProbe() {
        @Override
        public boolean isActive() {
          return true;
        }

        @Override
        public Map<TopicPartition, Long> committedPositions() {
          return Map.of();
        }
      };
    }
  }

  /** Convenience for callers that only want the details. */
  static Optional<QueryDetails> detailsOf(Inspection inspection) {
    return inspection instanceof Found f ? Optional.of(f.details()) : Optional.empty();
  }
}
