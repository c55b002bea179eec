package io.github.kafkarouted.connector.delivery;

/**
 * "This slot of this write committed batch {@code batchId}": stored as the metadata of a committed
 * consumer-group offset, in the transaction of the records it vouches for. The first row's source
 * offset, the rows' count and fingerprint let a replayed task check that it holds the rows that
 * were committed.
 *
 * @param batchId the micro-batch id (0 for a batch write)
 * @param firstOffset the source offset of the first row, or -1 without one
 * @param rows the input rows of the task
 * @param fingerprint the {@link RowFingerprint} of those rows
 */
public record CommitMarker(long batchId, long firstOffset, long rows, long fingerprint) {

  private static final String PREFIX = "kafka-routed-commit batch=";

  /** The offset metadata string; {@link #parse} reads it back. */
  public String toMetadata() {
    return PREFIX + batchId + " first=" + firstOffset + " rows=" + rows + " fingerprint=" + Long.toHexString(fingerprint);
  }

  /** The marker in {@code metadata}, or null if it is not one (empty, or another tool's). */
  public static CommitMarker parse(String metadata) {
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = metadata.substring(PREFIX.length()).split(" ");
    if (parts.length != 4
        || !parts[1].startsWith("first=")
        || !parts[2].startsWith("rows=")
        || !parts[3].startsWith("fingerprint=")) {
      return null;
    }
    try {
      return new CommitMarker(
          Long.parseLong(parts[0]),
          Long.parseLong(parts[1].substring("first=".length())),
          Long.parseLong(parts[2].substring("rows=".length())),
          Long.parseUnsignedLong(parts[3].substring("fingerprint=".length()), 16));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether {@code rows} rows with fingerprint {@code fingerprint} are the rows this marker vouches for. */
  public boolean sameRows(long rows, long fingerprint) {
    return this.rows == rows && this.fingerprint == fingerprint;
  }
}
