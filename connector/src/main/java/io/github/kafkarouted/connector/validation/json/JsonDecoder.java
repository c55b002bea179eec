package io.github.kafkarouted.connector.validation.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes one task's values with the readers of a {@link JsonSchemaValidator}: the UTF-8 check,
 * then one pass of Jackson's streaming parser that validates every field and stores the requested
 * ones in a row reused from value to value (primitives unboxed). Not thread-safe.
 */
final class JsonDecoder implements ValueDecoder {

  private final JsonFactory jsonFactory;
  private final StructReader root;
  private final DecodedFields fields;
  private final InternalRow row;

  JsonDecoder(JsonFactory jsonFactory, StructReader root, StructType schema, DecodedFields fields) {
    this.jsonFactory = jsonFactory;
    this.root = root;
    this.fields = fields;
    this.row = fields.any() ? new SpecificInternalRow(schema) : null;
  }

  @Override
  public InternalRow decoded() {
    return row;
  }

  @Override
  public String decode(byte[] jsonUtf8) {
    if (jsonUtf8 == null) {
      return "value is null: expected a JSON object";
    }
    if (jsonUtf8.length == 0) {
      return "value is empty: expected a JSON object";
    }
    String encodingProblem = Utf8.problem(jsonUtf8);
    if (encodingProblem != null) {
      return encodingProblem;
    }
    try (JsonParser parser = jsonFactory.createParser(jsonUtf8)) {
      return decodeDocument(parser);
    } catch (JsonProcessingException e) {
      return "malformed JSON" + JsonText.where(e.getLocation()) + ": " + JsonText.detail(e);
    } catch (IOException | RuntimeException e) {
      // Jackson reports bad input as JsonProcessingException; this is a last resort so that a
      // parser bug marks one record invalid instead of failing the task.
      return "value could not be validated: " + e.getClass().getSimpleName() + ": " + JsonText.detail(e);
    }
  }

  private String decodeDocument(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return "value is blank: expected a JSON object";
    }
    if (first != JsonToken.START_OBJECT) {
      return "expected a JSON object at top level, got " + JsonText.describe(parser, first);
    }
    Failure failure = root.readObject(parser, row, fields);
    if (failure != null) {
      return failure.message();
    }
    try {
      if (parser.nextToken() != null) {
        return "trailing content after the JSON object" + JsonText.where(parser.currentTokenLocation());
      }
    } catch (JsonProcessingException e) {
      return "trailing content after the JSON object" + JsonText.where(e.getLocation()) + ": " + JsonText.detail(e);
    }
    return null;
  }
}
