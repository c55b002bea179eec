package io.github.kafkarouted.connector.validation;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * Which top-level fields of a decoded value are read downstream (by route expressions), and the
 * session time zone that a timestamp without offset is read in. Fields nothing reads are validated
 * but never materialized, so a route on one field of a wide event pays for one value, not all.
 * Immutable.
 */
public final class DecodedFields implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Validation only: nothing reads the decoded row. */
  public static final DecodedFields NONE = new DecodedFields(new boolean[0], "UTC");

  private final boolean[] read;
  private final String sessionTimeZone;
  private final boolean any;

  private DecodedFields(boolean[] read, String sessionTimeZone) {
    this.read = read.clone();
    this.sessionTimeZone = sessionTimeZone;
    boolean some = false;
    for (boolean r : read) {
      some |= r;
    }
    this.any = some;
  }

  /**
   * @param read for each top-level field of the schema, whether it is read; a shorter array means
   *     the missing ones are not
   * @param sessionTimeZone the zone of timestamps written without offset (Spark's session time zone)
   */
  public static DecodedFields of(boolean[] read, String sessionTimeZone) {
    return new DecodedFields(read, sessionTimeZone);
  }

  /** Whether any field is read: if not, values are only validated. */
  public boolean any() {
    return any;
  }

  /** Whether top-level field {@code ordinal} is read. */
  public boolean isRead(int ordinal) {
    return ordinal < read.length && read[ordinal];
  }

  public ZoneId sessionZone() {
    return ZoneId.of(sessionTimeZone);
  }

  @Override
  public String toString() {
    return "DecodedFields" + Arrays.toString(read);
  }
}
