package io.github.kafkarouted.connector.validation.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import io.github.kafkarouted.connector.validation.ValueFormat;
import java.time.ZoneOffset;
import org.apache.spark.sql.types.StructType;

/**
 * Strict check that a Kafka record value is a UTF-8 JSON object matching a Spark schema: the
 * implementation of the sink's {@code validation.schema} and {@code validation.allowUnknownFields}
 * options. Unlike {@code from_json}, which turns a half-parsed record into nulls, a value either
 * parses completely into the schema or is rejected with a short message naming the field path
 * ({@code user.id}, {@code tags[2]}, {@code attrs["k"]}).
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>The value must be non-empty, valid UTF-8 (no byte order mark, no NUL byte), hold exactly
 *       one JSON object and nothing after it but whitespace. Malformed JSON is reported with its
 *       line and column.
 *   <li>A field missing from the JSON, or JSON {@code null}, is fine when the schema field is
 *       nullable and invalid when it is {@code NOT NULL}. Array elements and map values follow
 *       {@code containsNull} / {@code valueContainsNull}.
 *   <li>{@code STRING} (also {@code CHAR}/{@code VARCHAR}, length not checked, and collated
 *       strings) takes only a JSON string; {@code BOOLEAN} only {@code true}/{@code false}.
 *   <li>{@code TINYINT}, {@code SMALLINT}, {@code INT}, {@code BIGINT} take only a JSON number in
 *       integer syntax within the type's range: no fraction and no exponent, not even {@code 1.0}
 *       or {@code 1e2}, because Spark's JSON reader reads integral types from integer tokens only.
 *   <li>{@code FLOAT}, {@code DOUBLE} take any JSON number that is finite in that type ({@code
 *       1e400} is rejected for {@code DOUBLE}, {@code 1e39} for {@code FLOAT}).
 *   <li>{@code DECIMAL(p,s)} takes a JSON number that fits without rounding: at most {@code s}
 *       significant fractional digits and at most {@code p-s} integer digits.
 *   <li>{@code DATE} takes a string {@code yyyy-MM-dd} naming a real calendar day.
 *   <li>{@code TIMESTAMP} takes only an ISO-8601 string {@code yyyy-MM-ddTHH:mm:ss[.f]} (seconds
 *       required, 1 to 9 fraction digits, upper-case {@code T}) with an optional offset {@code Z},
 *       {@code +HH}, {@code +HHmm} or {@code +HH:mm}; a string without offset means the session
 *       time zone downstream. Epoch numbers are rejected. {@code TIMESTAMP_NTZ} takes the same
 *       strings without offset, as Spark refuses a zone there. Every accepted string is one that
 *       Spark's JSON reader parses (it refuses, for example, {@code 10:15Z} without seconds).
 *   <li>{@code BINARY} takes a base64 string, decoded with Jackson's default variant as Spark does.
 *   <li>{@code ARRAY<T>} takes a JSON array; {@code MAP<STRING,T>} a JSON object whose values are
 *       {@code T}; {@code STRUCT<...>} a JSON object checked recursively under the same rules.
 *   <li>{@code VARIANT} takes any JSON value, including {@code null} (a variant null, as in Spark),
 *       so a {@code NOT NULL} variant field must only be present.
 *   <li>Field names are case-sensitive, as in JSON: {@code "User"} does not match {@code user}.
 *       Fields the schema does not declare are skipped when {@code allowUnknownFields}, else the
 *       value is invalid; either way their content must be well-formed JSON.
 *   <li>A key that appears twice in any object (including inside unknown fields and variants) makes
 *       the value invalid.
 * </ul>
 *
 * <p>Any other type ({@code TIME}, intervals, maps with non-string keys, ...) is rejected when the
 * validator is built, with an {@link IllegalArgumentException} naming the option.
 *
 * <p>The same pass decodes: a {@link ValueDecoder} from {@link #newDecoder} stores the fields that
 * route expressions read as Spark stores them ({@code from_json}'s values for valid input), so the
 * value is parsed once per row.
 *
 * <p>Thread-safety: immutable and safe to share; {@link #validate} keeps its state on the stack.
 * Per valid value it allocates the Jackson parser and little else: a scratch array for structs of
 * more than 64 fields, a small name set per map or object with unknown fields, and the decoded
 * number or bytes for {@code DECIMAL} and {@code BINARY}. Messages are built only on failure.
 * Serializable: only the schema and the flag are written; the compiled readers and the {@link
 * JsonFactory} are rebuilt on deserialization.
 */
public final class JsonSchemaValidator implements ValueFormat {

  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final boolean allowUnknownFields;
  /** Validation only: no row, no mutable state, so one is shared by every caller. */
  private final transient JsonDecoder validating;

  private JsonSchemaValidator(StructType schema, boolean allowUnknownFields) {
    this.schema = schema;
    this.allowUnknownFields = allowUnknownFields;
    // Defaults are the strict JSON grammar: no comments, NaN, single quotes or leading zeros.
    this.validating =
        new JsonDecoder(
            JsonFactory.builder().build(),
            new JsonSchemaCompiler(allowUnknownFields, ZoneOffset.UTC).compileStruct(schema, ""),
            schema,
            DecodedFields.NONE);
  }

  /**
   * Parses {@code ddl} with {@link StructType#fromDDL} (no SparkSession needed) and builds a
   * validator for it.
   *
   * @throws IllegalArgumentException naming option {@code validation.schema} when the DDL is blank,
   *     does not parse, declares a field twice at one level or uses an unsupported type
   */
  public static JsonSchemaValidator fromDdl(String ddl, boolean allowUnknownFields) {
    if (ddl == null || ddl.isBlank()) {
      throw JsonText.schemaError("must be a non-empty Spark DDL schema such as 'id BIGINT NOT NULL'");
    }
    StructType parsed;
    try {
      parsed = StructType.fromDDL(ddl);
    } catch (Exception e) { // Spark's ParseException is checked in Java's eyes
      throw new IllegalArgumentException(
          JsonText.optionPrefix() + "'" + ddl + "' is not a Spark DDL schema: " + e.getMessage(), e);
    }
    return of(parsed, allowUnknownFields);
  }

  /**
   * Builds a validator for {@code schema}.
   *
   * @throws IllegalArgumentException naming option {@code validation.schema} when the schema is
   *     null or empty, declares a field twice at one level or uses an unsupported type
   */
  public static JsonSchemaValidator of(StructType schema, boolean allowUnknownFields) {
    if (schema == null || schema.fields().length == 0) {
      throw JsonText.schemaError("must declare at least one field");
    }
    return new JsonSchemaValidator(schema, allowUnknownFields);
  }

  @Override
  public StructType schema() {
    return schema;
  }

  public boolean allowUnknownFields() {
    return allowUnknownFields;
  }

  /**
   * Validates one record value.
   *
   * @param jsonUtf8 the record value; may be null
   * @return null if the value is a JSON object that parses strictly into the schema, otherwise a
   *     short message naming the field path, such as {@code field 'user.id': expected bigint, got
   *     string "abc"}; never throws for bad input
   */
  @Override
  public String validate(byte[] jsonUtf8) {
    return validating.decode(jsonUtf8);
  }

  @Override
  public ValueDecoder newDecoder(DecodedFields fields) {
    if (!fields.any()) {
      return validating;
    }
    // A materialized VARIANT is built from its own bytes, which Jackson keeps in its locations
    // only when asked to.
    JsonFactory factory =
        JsonFactory.builder().enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    StructReader root =
        new JsonSchemaCompiler(allowUnknownFields, fields.sessionZone()).compileStruct(schema, "");
    return new JsonDecoder(factory, root, schema, fields);
  }

  @Override
  public String toString() {
    return "JsonSchemaValidator[schema="
        + schema.toDDL()
        + ", allowUnknownFields="
        + allowUnknownFields
        + "]";
  }

  /** Rebuilds the transient readers and factory after deserialization on an executor. */
  private Object readResolve() {
    return new JsonSchemaValidator(schema, allowUnknownFields);
  }
}
