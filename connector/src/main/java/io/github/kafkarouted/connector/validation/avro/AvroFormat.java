package io.github.kafkarouted.connector.validation.avro;

import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import io.github.kafkarouted.connector.validation.ValueFormat;
import io.github.kafkarouted.connector.validation.avro.AvroContainers.RecordReader;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.StructType;

/**
 * Avro record values ({@code validation.format=avro} or {@code avro-confluent}): checked strictly
 * against one Avro schema and decoded in the same pass into the type Spark's {@code from_avro}
 * gives that schema, so route expressions read {@code data.*} as they would after {@code
 * from_avro(value, schema).alias("data")}.
 *
 * <p>Type mapping (Spark 4.1's {@code SchemaConverters}, default options): record → struct (field
 * nullability from the field's schema); {@code [null, T]} → nullable T; {@code [int, long]} →
 * bigint; {@code [float, double]} → double; any other union → struct of {@code member0..n}, the
 * non-null branches in order, all nullable (the union itself nullable when it has null); enum →
 * string (the symbol); bytes, fixed → binary; decimal (on bytes or fixed) → decimal(p,s); date →
 * date; timestamp-millis/micros → timestamp; local-timestamp-millis/micros → timestamp_ntz; other
 * logical types → their underlying type; map → map&lt;string,T&gt;; array → array; null → void.
 *
 * <p>Stricter than {@code from_avro}, which reads a record and ignores what follows: a value must
 * be exactly one record, nothing left over; strings and map keys must be UTF-8; booleans 0 or 1;
 * varints no wider than their type; lengths and block counts within the bytes left (checked before
 * anything is allocated); union branch and enum symbol indices in range; decimals within their
 * precision; millisecond timestamps within Spark's range; map keys unique. The message of an
 * invalid value names the field path ({@code user.tags[2]}, {@code attrs["k"]}, {@code
 * choice.member1}).
 *
 * <p>Refused when built, with an {@link IllegalArgumentException} naming the option: a schema that
 * does not parse, a top level that is not a record of at least one field, recursive records,
 * arrays of items that take no bytes, unions of only null, decimals above precision 38, and Spark's
 * own {@code spark.sql.catalyst.type} property (intervals), which {@code from_avro} maps and this
 * format does not.
 *
 * <p>Immutable and serializable (the schema's JSON, the option it came from, the wire-format
 * header); the parsed schema and the Spark type are rebuilt on deserialization, the readers once
 * per decoder.
 */
public final class AvroFormat implements ValueFormat {

  private static final long serialVersionUID = 1L;

  private final String schemaJson;
  private final String option;
  /** Null for plain Avro binary. */
  private final ConfluentHeader header;
  private final transient Schema avroSchema;
  private final transient StructType schema;

  private AvroFormat(String schemaJson, String option, ConfluentHeader header) {
    this.schemaJson = schemaJson;
    this.option = option;
    this.header = header;
    this.avroSchema = parse(schemaJson, option);
    this.schema = (StructType) new AvroSchemaCompiler(option).compileRoot(avroSchema).type();
  }

  /**
   * Plain Avro binary written with {@code schemaJson}.
   *
   * @param option the option the schema came from, named in every refusal
   * @throws IllegalArgumentException naming {@code option} when the schema is blank, does not
   *     parse or cannot be mapped
   */
  public static AvroFormat plain(String schemaJson, String option) {
    return new AvroFormat(schemaJson, option, null);
  }

  /**
   * The Confluent wire format around Avro binary written with {@code schemaJson}.
   *
   * @param schemaIds the schema ids accepted in the header, or null for any
   */
  public static AvroFormat confluent(String schemaJson, String option, int[] schemaIds) {
    return new AvroFormat(schemaJson, option, new ConfluentHeader(schemaIds));
  }

  private static Schema parse(String json, String option) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException(
          "Option '" + option + "' must be an Avro schema (JSON), such as"
              + " {\"type\":\"record\",\"name\":\"Event\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}.");
    }
    try {
      // As from_avro parses: field defaults are not validated (they play no part in decoding).
      return new Schema.Parser().setValidateDefaults(false).parse(json);
    } catch (RuntimeException e) { // SchemaParseException, or Jackson's complaint about the JSON
      throw new IllegalArgumentException(
          "Option '" + option + "' is not an Avro schema: " + e.getMessage(), e);
    }
  }

  @Override
  public StructType schema() {
    return schema;
  }

  /** {@code validation.avroSchema} or {@code validation.avroSchemaFile}: where the schema came from. */
  @Override
  public String option() {
    return option;
  }

  /** Whether values carry the Confluent wire-format header. */
  public boolean confluent() {
    return header != null;
  }

  @Override
  public ValueDecoder newDecoder(DecodedFields fields) {
    // Readers reuse scratch lists, so each decoder gets its own tree.
    RecordReader root = (RecordReader) new AvroSchemaCompiler(option).compileRoot(avroSchema).reader();
    return new AvroDecoder(header, root, schema, fields);
  }

  @Override
  public String toString() {
    return "AvroFormat[" + (header == null ? "avro" : "avro-confluent") + ", schema=" + schema.toDDL() + "]";
  }

  /** Rebuilds the parsed schema and the Spark type after deserialization on an executor. */
  private Object readResolve() {
    return new AvroFormat(schemaJson, option, header);
  }
}
