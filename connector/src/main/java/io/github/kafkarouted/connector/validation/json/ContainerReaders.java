package io.github.kafkarouted.connector.validation.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.types.variant.Variant;
import org.apache.spark.types.variant.VariantBuilder;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.unsafe.types.VariantVal;

/** The readers of ARRAY, MAP and VARIANT (and of unknown fields' content). */
final class ContainerReaders {

  private ContainerReaders() {}

  /** Collects the items of one array or map when they are materialized. */
  private static final class Items {
    /** The item reader writes into slot 0 here; the value is then moved to the list. */
    final GenericInternalRow slot = new GenericInternalRow(1);
    final List<Object> values = new ArrayList<>();

    void take() {
      values.add(slot.values()[0]);
      slot.values()[0] = null;
    }
  }

  static final class ArrayReader extends JsonReader {
    private final JsonReader element;
    private final boolean containsNull;

    ArrayReader(JsonReader element, boolean containsNull) {
      super("array (JSON array)");
      this.element = element;
      this.containsNull = containsNull;
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token != JsonToken.START_ARRAY) {
        return mismatch(parser, token);
      }
      Items items = out == null ? null : new Items();
      int index = 0;
      for (JsonToken item = parser.nextToken();
          item != JsonToken.END_ARRAY;
          item = parser.nextToken(), index++) {
        Failure failure =
            readItem(
                parser,
                item,
                element,
                containsNull,
                " is null but the array elements are NOT NULL",
                items == null ? null : items.slot,
                0);
        if (failure != null) {
          return failure.under(Failure.index(index));
        }
        if (items != null) {
          items.take();
        }
      }
      if (out != null) {
        out.update(ordinal, new GenericArrayData(items.values.toArray()));
      }
      return null;
    }
  }

  /** MAP&lt;STRING,T&gt;: a JSON object whose values are T, keys unique. */
  static final class MapReader extends JsonReader {
    private final JsonReader value;
    private final boolean valueContainsNull;

    MapReader(JsonReader value, boolean valueContainsNull) {
      super("map (JSON object)");
      this.value = value;
      this.valueContainsNull = valueContainsNull;
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token != JsonToken.START_OBJECT) {
        return mismatch(parser, token);
      }
      Items items = out == null ? null : new Items();
      List<Object> keys = out == null ? null : new ArrayList<>();
      NameSet seen = new NameSet();
      for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
        if (!seen.add(key)) {
          return Failure.duplicate(Failure.key(key));
        }
        JsonToken item = parser.nextToken();
        Failure failure =
            readItem(
                parser,
                item,
                value,
                valueContainsNull,
                " is null but the map values are NOT NULL",
                items == null ? null : items.slot,
                0);
        if (failure != null) {
          return failure.under(Failure.key(key));
        }
        if (items != null) {
          keys.add(UTF8String.fromString(key));
          items.take();
        }
      }
      if (out != null) {
        out.update(
            ordinal,
            new ArrayBasedMapData(
                new GenericArrayData(keys.toArray()), new GenericArrayData(items.values.toArray())));
      }
      return null;
    }
  }

  /** VARIANT, and the content of unknown fields: any well-formed JSON without duplicate keys. */
  static final class AnyJsonReader extends JsonReader {
    static final AnyJsonReader INSTANCE = new AnyJsonReader();

    private AnyJsonReader() {
      super("variant");
    }

    @Override
    boolean jsonNullIsValue() {
      return true;
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (out == null) {
        return check(parser, token);
      }
      // Materialized: check first (the messages of a bad variant stay those of validation), then
      // build the variant from the bytes just checked. Only a route reading the field pays this.
      JsonLocation start = parser.currentTokenLocation();
      Failure failure = check(parser, token);
      if (failure != null) {
        return failure;
      }
      parser.finishToken(); // a string's end is only known once it is read
      long end = parser.currentLocation().getByteOffset();
      byte[] source = (byte[]) start.contentReference().getRawContent();
      int from = (int) start.getByteOffset();
      String json = new String(source, from, (int) end - from, StandardCharsets.UTF_8);
      try {
        Variant variant = VariantBuilder.parseJson(json, false);
        out.update(ordinal, new VariantVal(variant.getValue(), variant.getMetadata()));
        return null;
      } catch (IOException | RuntimeException tooLarge) {
        return new Failure(": cannot be stored as a variant: " + JsonText.detail(tooLarge));
      }
    }

    private Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token == JsonToken.START_OBJECT) {
        NameSet names = new NameSet();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          if (!names.add(name)) {
            return Failure.duplicate(Failure.field(name));
          }
          Failure failure = check(parser, parser.nextToken());
          if (failure != null) {
            return failure.under(Failure.field(name));
          }
        }
      } else if (token == JsonToken.START_ARRAY) {
        int index = 0;
        for (JsonToken item = parser.nextToken();
            item != JsonToken.END_ARRAY;
            item = parser.nextToken(), index++) {
          Failure failure = check(parser, item);
          if (failure != null) {
            return failure.under(Failure.index(index));
          }
        }
      }
      // Scalars: Jackson has checked their syntax (strings when it skips them).
      return null;
    }

    /** Checks the content of an unknown field (never materialized). */
    Failure skip(JsonParser parser, JsonToken token) throws IOException {
      return check(parser, token);
    }
  }
}
