package io.github.kafkarouted.lag.model;

/**
 * Burrow-style health of one partition of one query, evaluated over a window of position
 * observations (see {@link io.github.kafkarouted.lag.status.StatusEvaluator}). The numeric {@link
 * #code()} is what the metrics export.
 */
public enum PartitionStatus {
  /** Caught up at some point in the window, or catching up. */
  OK(0),
  /** Position advances but lag never shrinks: the query is falling behind. */
  WARN(1),
  /**
   * Position did not move over the whole window while lag stayed above zero, though the query
   * kept reporting: e.g. a Real-Time Mode partition starved of a task slot.
   */
  STALL(2),
  /** Lag above zero and the query reported nothing for too long. */
  STOP(3),
  /** The position went backwards (query restarted from an older checkpoint, offsets reset). */
  REWIND(4),
  /** Not enough data yet (no end offset known). */
  UNKNOWN(-1);

  private final int code;

  PartitionStatus(int code) {
    this.code = code;
  }

  /** The value exported as {@code spark_kafka_source_partition_status}. */
  public int code() {
    return code;
  }
}
