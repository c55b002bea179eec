package io.github.kafkarouted.lag.trend;

import io.github.kafkarouted.lag.model.RetentionStatus;
import java.util.OptionalDouble;

/**
 * Retention risk of one partition: where the query's position lies in the range the brokers still
 * retain. The margin is {@code (position - earliest) / (end - earliest)}: 1 when the query has read
 * everything, 0 when its next record is the oldest one retained, so the next deletion of a segment
 * loses records it has not read. Kafka deletes whole segments, so the margin drops in steps as the
 * earliest offset jumps.
 *
 * @param margin the margin in [0, 1]; empty when unknown or when records were already lost
 * @param status the status the margin and the warning fraction give
 */
public record RetentionRisk(OptionalDouble margin, RetentionStatus status) {

  static final RetentionRisk UNKNOWN = new RetentionRisk(OptionalDouble.empty(), RetentionStatus.UNKNOWN);

  /**
   * @param earliest the partition's earliest (log start) offset, -1 if unknown
   * @param end the partition's end offset, -1 if unknown
   * @param position the query's next offset to read, -1 if unknown
   * @param warnRatio margin below which the status is {@link RetentionStatus#WARN}
   */
  public static RetentionRisk of(long earliest, long end, long position, double warnRatio) {
    if (earliest < 0 || end < 0 || position < 0) {
      return UNKNOWN;
    }
    if (position < earliest) {
      return new RetentionRisk(OptionalDouble.empty(), RetentionStatus.LOST);
    }
    long retained = end - earliest;
    if (retained <= 0 || position >= end) {
      return new RetentionRisk(OptionalDouble.of(1.0), RetentionStatus.OK);
    }
    double margin = (double) (position - earliest) / retained;
    return new RetentionRisk(
        OptionalDouble.of(margin), margin < warnRatio ? RetentionStatus.WARN : RetentionStatus.OK);
  }
}
