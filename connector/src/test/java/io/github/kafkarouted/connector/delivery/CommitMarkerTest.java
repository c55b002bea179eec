package io.github.kafkarouted.connector.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommitMarkerTest {

  @Test
  void aMarkerReadsBackFromItsOffsetMetadata() {
    CommitMarker marker = new CommitMarker(41, 12_000, 4_000, 0xFFFF_FFFFL);
    assertEquals("kafka-routed-commit batch=41 first=12000 rows=4000 fingerprint=ffffffff", marker.toMetadata());
    assertEquals(marker, CommitMarker.parse(marker.toMetadata()));
    assertTrue(marker.sameRows(4_000, 0xFFFF_FFFFL));
    assertFalse(marker.sameRows(3_999, 0xFFFF_FFFFL));
  }

  @Test
  void metadataThatIsNotAMarkerIsNone() {
    assertNull(CommitMarker.parse(null));
    assertNull(CommitMarker.parse(""));
    assertNull(CommitMarker.parse("some other tool"));
    assertNull(CommitMarker.parse("kafka-routed-commit batch=x first=0 rows=1 fingerprint=1"));
    assertNull(CommitMarker.parse("kafka-routed-commit batch=1 first=0 rows=1"));
  }

  @Test
  void theFingerprintTellsRowsApartByContentOrderAndNulls() {
    assertEquals(fingerprint("a", "1", "b", "2"), fingerprint("a", "1", "b", "2"));
    assertNotEquals(fingerprint("a", "1", "b", "2"), fingerprint("b", "2", "a", "1"), "order");
    assertNotEquals(fingerprint("a", "1"), fingerprint("a", "2"), "value");
    assertNotEquals(fingerprint(null, "1"), fingerprint("", "1"), "null key vs empty key");
    assertNotEquals(fingerprint("ab", ""), fingerprint("a", "b"), "where the key ends");
    RowFingerprint f = new RowFingerprint();
    f.add(null, null);
    f.add(null, null);
    assertEquals(2, f.rows());
  }

  /** The fingerprint of rows given as key, value, key, value, ... */
  static long fingerprintOf(String... keyValues) {
    return fingerprint(keyValues);
  }

  private static long fingerprint(String... keyValues) {
    RowFingerprint f = new RowFingerprint();
    for (int i = 0; i < keyValues.length; i += 2) {
      f.add(bytes(keyValues[i]), bytes(keyValues[i + 1]));
    }
    return f.value();
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
