package io.github.kafkarouted.connector.validation.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.kafkarouted.connector.config.SinkOptions;
import io.github.kafkarouted.connector.validation.DecodedFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;

/** A JSON object with declared fields; the root of every schema is one. */
final class StructReader extends JsonReader {
  /** Above this many fields, "seen" needs an array instead of the bits of one long. */
  private static final int MAX_BIT_FIELDS = Long.SIZE;

  private final String[] names;
  private final JsonReader[] fieldReaders;
  private final boolean[] nullable;
  private final Map<String, Integer> slotByName;
  private final int[] requiredSlots;
  private final long requiredBits;
  private final boolean allowUnknownFields;

  StructReader(String[] names, JsonReader[] fieldReaders, boolean[] nullable, boolean allowUnknownFields) {
    super("struct (JSON object)");
    this.names = names;
    this.fieldReaders = fieldReaders;
    this.nullable = nullable;
    this.allowUnknownFields = allowUnknownFields;
    this.slotByName = new HashMap<>(names.length * 2);
    List<Integer> required = new ArrayList<>();
    long bits = 0;
    for (int i = 0; i < names.length; i++) {
      slotByName.put(names[i], i);
      if (!nullable[i]) {
        required.add(i);
        bits |= i < MAX_BIT_FIELDS ? 1L << i : 0;
      }
    }
    this.requiredSlots = required.stream().mapToInt(Integer::intValue).toArray();
    this.requiredBits = bits;
  }

  int fieldCount() {
    return names.length;
  }

  @Override
  Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
    if (token != JsonToken.START_OBJECT) {
      return mismatch(parser, token);
    }
    GenericInternalRow row = out == null ? null : new GenericInternalRow(names.length);
    Failure failure = readObject(parser, row, null);
    if (failure == null && out != null) {
      out.update(ordinal, row);
    }
    return failure;
  }

  /**
   * Reads the object whose START_OBJECT the parser stands on, through its END_OBJECT.
   *
   * @param row where the fields go (every field absent from the JSON is set null); null to only
   *     validate
   * @param only which fields to store in {@code row} (the others are validated and left null); null
   *     for all
   */
  Failure readObject(JsonParser parser, InternalRow row, DecodedFields only) throws IOException {
    long seenBits = 0;
    boolean[] seenSlots = names.length > MAX_BIT_FIELDS ? new boolean[names.length] : null;
    NameSet unknownNames = null;
    int previous = -1;
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      JsonToken token = parser.nextToken();
      // Producers write fields in one order: try the field after the previous one before hashing.
      int next = previous + 1;
      int i = next < names.length && names[next].equals(name) ? next : slotOf(name);
      if (i < 0) {
        if (unknownNames == null) {
          unknownNames = new NameSet();
        }
        Failure failure = readUnknown(parser, name, token, unknownNames);
        if (failure != null) {
          return failure;
        }
        continue;
      }
      if (seenSlots == null) {
        long bit = 1L << i;
        if ((seenBits & bit) != 0) {
          return Failure.duplicate(Failure.field(name));
        }
        seenBits |= bit;
      } else {
        if (seenSlots[i]) {
          return Failure.duplicate(Failure.field(name));
        }
        seenSlots[i] = true;
      }
      previous = i;
      InternalRow target = row == null || (only != null && !only.isRead(i)) ? null : row;
      Failure failure = readField(parser, i, token, target);
      if (failure != null) {
        return failure.under(Failure.field(name));
      }
    }
    Failure missing = missingRequired(seenBits, seenSlots);
    if (missing == null && row != null) {
      nullUnseen(row, seenBits, seenSlots);
    }
    return missing;
  }

  private int slotOf(String name) {
    Integer slot = slotByName.get(name);
    return slot == null ? -1 : slot;
  }

  private Failure readField(JsonParser parser, int slot, JsonToken token, InternalRow row) throws IOException {
    JsonReader reader = fieldReaders[slot];
    if (token == JsonToken.VALUE_NULL && !reader.jsonNullIsValue()) {
      if (!nullable[slot]) {
        return new Failure(" is NOT NULL but the value is null");
      }
      if (row != null) {
        row.setNullAt(slot);
      }
      return null;
    }
    return reader.read(parser, token, row, slot);
  }

  private Failure readUnknown(JsonParser parser, String name, JsonToken token, NameSet seen)
      throws IOException {
    if (!allowUnknownFields) {
      return new Failure(
              " is not declared in "
                  + SinkOptions.VALIDATION_SCHEMA
                  + " and "
                  + SinkOptions.VALIDATION_ALLOW_UNKNOWN_FIELDS
                  + " is false")
          .under(Failure.field(name));
    }
    if (!seen.add(name)) {
      return Failure.duplicate(Failure.field(name));
    }
    Failure failure = ContainerReaders.AnyJsonReader.INSTANCE.skip(parser, token);
    return failure == null ? null : failure.under(Failure.field(name));
  }

  private Failure missingRequired(long seenBits, boolean[] seenSlots) {
    if (seenSlots == null && (seenBits & requiredBits) == requiredBits) {
      return null;
    }
    for (int slot : requiredSlots) {
      if (!seen(slot, seenBits, seenSlots)) {
        return new Failure(" is required (NOT NULL) but missing").under(Failure.field(names[slot]));
      }
    }
    return null;
  }

  /** A reused row keeps the previous value's fields: clear those this object did not have. */
  private void nullUnseen(InternalRow row, long seenBits, boolean[] seenSlots) {
    for (int slot = 0; slot < names.length; slot++) {
      if (!seen(slot, seenBits, seenSlots)) {
        row.setNullAt(slot);
      }
    }
  }

  private static boolean seen(int slot, long seenBits, boolean[] seenSlots) {
    return seenSlots == null ? (seenBits & (1L << slot)) != 0 : seenSlots[slot];
  }
}
