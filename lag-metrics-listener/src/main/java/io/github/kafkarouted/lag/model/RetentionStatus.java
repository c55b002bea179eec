package io.github.kafkarouted.lag.model;

/**
 * How close a query's position is to records the brokers delete by retention. The numeric {@link
 * #code()} is what the metrics export.
 */
public enum RetentionStatus {
  /** The position is well inside the retained range (or at its end). */
  OK(0),
  /**
   * The position is within the oldest part of the retained range (below the configured fraction):
   * the next segment deletions may delete records the query has not read.
   */
  WARN(1),
  /**
   * The position is below the partition's earliest offset: records were deleted before the query
   * read them. Spark reports data loss (or fails the query, with {@code failOnDataLoss}) when it
   * next plans a batch.
   */
  LOST(2),
  /** The earliest or end offset is not known yet. */
  UNKNOWN(-1);

  private final int code;

  RetentionStatus(int code) {
    this.code = code;
  }

  /** The value exported as {@code spark_kafka_source_retention_status}. */
  public int code() {
    return code;
  }
}
