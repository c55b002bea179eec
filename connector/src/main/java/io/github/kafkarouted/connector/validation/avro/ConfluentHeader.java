package io.github.kafkarouted.connector.validation.avro;

import io.github.kafkarouted.connector.config.SinkOptions;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The Confluent wire-format header: magic byte 0, then the writer schema's id as a 4-byte
 * big-endian int, then the Avro binary. Without a schema registry the writer schema is taken to be
 * the reader schema: any id is accepted, unless {@code validation.avroSchemaIds} lists the ids the
 * schema is registered under, and then only those are. Immutable.
 */
final class ConfluentHeader implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int LENGTH = 5;
  static final byte MAGIC = 0;

  /** Sorted; null for any id. */
  private final int[] acceptedIds;
  private final String idsText;

  ConfluentHeader(int[] acceptedIds) {
    this.acceptedIds = acceptedIds == null ? null : acceptedIds.clone();
    if (this.acceptedIds != null) {
      Arrays.sort(this.acceptedIds);
    }
    this.idsText = acceptedIds == null ? "" : Arrays.toString(this.acceptedIds);
  }

  /** Null if {@code value} starts with a header the sink accepts, otherwise why not. */
  String problem(byte[] value) {
    if (value.length < LENGTH) {
      return "value has "
          + value.length
          + " bytes, fewer than the 5 of the Confluent wire format header (magic byte 0, 4-byte"
          + " schema id)";
    }
    if (value[0] != MAGIC) {
      return "wrong magic byte 0x"
          + AvroInput.hex(value[0])
          + ": the Confluent wire format starts with 0x00, then a 4-byte schema id and the Avro"
          + " binary";
    }
    if (acceptedIds != null) {
      int id =
          (value[1] & 0xFF) << 24 | (value[2] & 0xFF) << 16 | (value[3] & 0xFF) << 8 | (value[4] & 0xFF);
      if (Arrays.binarySearch(acceptedIds, id) < 0) {
        return "schema id "
            + id
            + " is not one the sink can resolve: not in "
            + SinkOptions.VALIDATION_AVRO_SCHEMA_IDS
            + " "
            + idsText
            + " (no schema registry is configured)";
      }
    }
    return null;
  }
}
