package io.github.kafkarouted.connector.delivery;

import java.util.zip.CRC32C;

/**
 * The count and a CRC-32C of a task's input rows (their record keys and values, in order): what a
 * replayed task compares with the {@link CommitMarker} of the attempt that committed, so that
 * input that changed between attempts fails loudly instead of being skipped. CRC-32C is a CPU
 * instruction on the JVMs Spark runs on; one reused instance, nothing allocated per row. Not
 * thread-safe.
 */
public final class RowFingerprint {

  private final CRC32C crc = new CRC32C();
  private long rows;

  /** Adds one row; null key or value allowed (told apart from an empty one). */
  public void add(byte[] key, byte[] value) {
    rows++;
    update(key);
    update(value);
  }

  private void update(byte[] bytes) {
    int length = bytes == null ? -1 : bytes.length;
    crc.update(length >>> 24);
    crc.update(length >>> 16);
    crc.update(length >>> 8);
    crc.update(length);
    if (bytes != null) {
      crc.update(bytes, 0, bytes.length);
    }
  }

  public long rows() {
    return rows;
  }

  public long value() {
    return crc.getValue();
  }
}
