package io.github.kafkarouted.lag.status;

import io.github.kafkarouted.lag.model.PartitionStatus;
import java.util.List;

/**
 * Burrow's partition evaluation rules, adapted to Spark queries. Observations are one per batch
 * (progress event), per idle event, or per poll for continuous queries, oldest first; at most the
 * window size are kept. In order:
 *
 * <ol>
 *   <li>current lag 0: OK;
 *   <li>position went backwards between two observations: REWIND;
 *   <li>current lag above 0 and no observation for longer than the STOP threshold (the largest of
 *       the configured minimum, twice the trigger interval and the window's time span): STOP;
 *   <li>any observation with lag 0: OK;
 *   <li>window not full: OK (not enough evidence);
 *   <li>position unchanged over the window (every lag above 0, see 4): STALL;
 *   <li>position advanced and lag never shrank between two observations: WARN;
 *   <li>otherwise OK.
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class StatusEvaluator {

  private StatusEvaluator() {}

  /**
   * @param window observations, oldest first
   * @param windowSize the configured window size (a full window has this many observations)
   * @param currentLag lag now, {@code -1} if unknown
   * @param nowMillis now
   * @param stopAfterMillis the smallest silence that counts as STOP (already including the
   *     trigger-interval allowance)
   */
  public static PartitionStatus evaluate(
      List<PositionObservation> window,
      int windowSize,
      long currentLag,
      long nowMillis,
      long stopAfterMillis) {
    if (currentLag == 0) {
      return PartitionStatus.OK;
    }
    if (window.isEmpty() || currentLag < 0) {
      return PartitionStatus.UNKNOWN;
    }
    if (rewound(window)) {
      return PartitionStatus.REWIND;
    }
    PositionObservation first = window.get(0);
    PositionObservation last = window.get(window.size() - 1);
    long span = last.timeMillis() - first.timeMillis();
    if (nowMillis - last.timeMillis() > Math.max(stopAfterMillis, span)) {
      return PartitionStatus.STOP;
    }
    for (PositionObservation o : window) {
      if (o.lag() == 0) {
        return PartitionStatus.OK;
      }
    }
    if (window.size() < windowSize) {
      return PartitionStatus.OK;
    }
    if (first.position() == last.position()) {
      return PartitionStatus.STALL;
    }
    return lagNeverShrank(window) ? PartitionStatus.WARN : PartitionStatus.OK;
  }

  private static boolean rewound(List<PositionObservation> window) {
    for (int i = 1; i < window.size(); i++) {
      if (window.get(i).position() < window.get(i - 1).position()) {
        return true;
      }
    }
    return false;
  }

  private static boolean lagNeverShrank(List<PositionObservation> window) {
    for (int i = 1; i < window.size(); i++) {
      long before = window.get(i - 1).lag();
      long after = window.get(i).lag();
      if (before < 0 || after < 0 || after < before) {
        return false;
      }
    }
    return true;
  }
}
