package io.github.kafkarouted.connector.validation.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Reads one JSON value as one Spark type: checks it strictly and, when asked, stores its Catalyst
 * value. One immutable instance per schema node, compiled once ({@link JsonSchemaCompiler}) and
 * shared by every decoder; the per-value state stays on the stack.
 */
abstract class JsonReader {
  private final String expected;

  JsonReader(String expected) {
    this.expected = expected;
  }

  /**
   * Checks the value that starts at {@code token} (never {@code VALUE_NULL} unless {@link
   * #jsonNullIsValue}) and consumes it entirely, or returns the failure without consuming more.
   *
   * @param out where the Catalyst value goes, at {@code ordinal}; null to only validate (nothing
   *     is materialized then)
   */
  abstract Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal)
      throws IOException;

  /** True if JSON null is a value of this type rather than SQL NULL (only variant). */
  boolean jsonNullIsValue() {
    return false;
  }

  final Failure mismatch(JsonParser parser, JsonToken token) throws IOException {
    return mismatch(parser, token, "");
  }

  final Failure mismatch(JsonParser parser, JsonToken token, String why) throws IOException {
    return new Failure(": expected " + expected + ", got " + JsonText.describe(parser, token) + why);
  }

  /**
   * Reads an array element or map value: a JSON null passes only where the type allows nulls
   * (unless the reader itself accepts null, as VARIANT does).
   */
  static Failure readItem(
      JsonParser parser,
      JsonToken item,
      JsonReader reader,
      boolean nullable,
      String nullMessage,
      InternalRow out,
      int ordinal)
      throws IOException {
    if (item == JsonToken.VALUE_NULL && !reader.jsonNullIsValue()) {
      if (!nullable) {
        return new Failure(nullMessage);
      }
      if (out != null) {
        out.setNullAt(ordinal);
      }
      return null;
    }
    return reader.read(parser, item, out, ordinal);
  }
}
