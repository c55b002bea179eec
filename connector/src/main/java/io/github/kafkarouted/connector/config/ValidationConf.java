package io.github.kafkarouted.connector.config;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code validation.*} options, parsed once: the format of record values and their schema
 * (a Spark DDL for JSON, an Avro schema for the Avro formats), whether JSON values may have
 * undeclared fields, and the name route expressions give the decoded value. Immutable.
 *
 * <p>For the Avro formats the Avro schema is the only schema: it says how values are encoded and,
 * mapped as Spark's {@code from_avro} maps it, what {@code data} is, so {@code validation.schema}
 * alongside it is refused rather than reconciled.
 *
 * @param format {@code json}, {@code avro} or {@code avro-confluent}
 * @param schema the {@code validation.schema} DDL, or null (always null for the Avro formats)
 * @param alias the column name of the decoded value in route expressions ({@code validation.alias})
 * @param avroSchema the inline Avro schema, or null
 * @param avroSchemaFile the path of the Avro schema, read when the query is planned, or null
 * @param avroSchemaIds the wire-format schema ids accepted, or null for any
 */
public record ValidationConf(
    String format,
    String schema,
    boolean allowUnknownFields,
    String alias,
    String avroSchema,
    String avroSchemaFile,
    int[] avroSchemaIds) {

  /** A name route expressions can use unquoted: {@code data.priority}. */
  static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static ValidationConf parse(AbstractConfig parsed, boolean aliasSet) {
    String format = parsed.getString(SinkOptions.VALIDATION_FORMAT);
    boolean avro = !format.equals(SinkOptions.VALIDATION_FORMAT_JSON);
    String schema = blankToNull(parsed.getString(SinkOptions.VALIDATION_SCHEMA));
    String alias = parsed.getString(SinkOptions.VALIDATION_ALIAS).trim();
    String avroSchema = blankToNull(parsed.getString(SinkOptions.VALIDATION_AVRO_SCHEMA));
    String avroSchemaFile = blankToNull(parsed.getString(SinkOptions.VALIDATION_AVRO_SCHEMA_FILE));
    List<String> ids = parsed.getList(SinkOptions.VALIDATION_AVRO_SCHEMA_IDS);
    if (avro) {
      checkAvro(parsed, format, schema, avroSchema, avroSchemaFile, ids);
    } else {
      for (String key :
          List.of(
              SinkOptions.VALIDATION_AVRO_SCHEMA,
              SinkOptions.VALIDATION_AVRO_SCHEMA_FILE,
              SinkOptions.VALIDATION_AVRO_SCHEMA_IDS)) {
        if (parsed.originals().get(key) != null) {
          throw new ConfigException(
              key,
              parsed.originals().get(key),
              "It applies to Avro values only: set " + SinkOptions.VALIDATION_FORMAT + "=avro or "
                  + SinkOptions.VALIDATION_FORMAT_AVRO_CONFLUENT + ", or remove this option.");
        }
      }
    }
    if (aliasSet && schema == null && !avro) {
      throw new ConfigException(
          SinkOptions.VALIDATION_ALIAS,
          alias,
          "It names the decoded value in route expressions, which only exists with "
              + SinkOptions.VALIDATION_SCHEMA
              + " (or an Avro "
              + SinkOptions.VALIDATION_FORMAT
              + "): set that too, or remove this option.");
    }
    int[] schemaIds =
        ids == null ? null : ids.stream().mapToInt(id -> Integer.parseInt(id.trim())).toArray();
    return new ValidationConf(
        format,
        schema,
        parsed.getBoolean(SinkOptions.VALIDATION_ALLOW_UNKNOWN_FIELDS),
        alias,
        avroSchema,
        avroSchemaFile,
        schemaIds);
  }

  private static void checkAvro(
      AbstractConfig parsed,
      String format,
      String schema,
      String avroSchema,
      String avroSchemaFile,
      List<String> ids) {
    String chosen = SinkOptions.VALIDATION_FORMAT + "=" + format;
    if (schema != null) {
      throw new ConfigException(
          SinkOptions.VALIDATION_SCHEMA,
          schema,
          "With " + chosen + " the Avro schema (" + SinkOptions.VALIDATION_AVRO_SCHEMA + " or "
              + SinkOptions.VALIDATION_AVRO_SCHEMA_FILE + ") is the schema of the values and of the"
              + " decoded value in route expressions: remove " + SinkOptions.VALIDATION_SCHEMA + ".");
    }
    if (avroSchema != null && avroSchemaFile != null) {
      throw new ConfigException(
          SinkOptions.VALIDATION_AVRO_SCHEMA_FILE,
          avroSchemaFile,
          "Set either " + SinkOptions.VALIDATION_AVRO_SCHEMA + " or "
              + SinkOptions.VALIDATION_AVRO_SCHEMA_FILE + ", not both.");
    }
    if (avroSchema == null && avroSchemaFile == null) {
      throw new ConfigException(
          SinkOptions.VALIDATION_AVRO_SCHEMA,
          null,
          chosen + " needs the values' Avro schema: set " + SinkOptions.VALIDATION_AVRO_SCHEMA
              + " (the schema's JSON) or " + SinkOptions.VALIDATION_AVRO_SCHEMA_FILE + " (its path).");
    }
    if (ids != null && !format.equals(SinkOptions.VALIDATION_FORMAT_AVRO_CONFLUENT)) {
      throw new ConfigException(
          SinkOptions.VALIDATION_AVRO_SCHEMA_IDS,
          String.join(",", ids),
          "Plain Avro values carry no schema id: it applies to "
              + SinkOptions.VALIDATION_FORMAT + "=" + SinkOptions.VALIDATION_FORMAT_AVRO_CONFLUENT + " only.");
    }
    if (parsed.getString(SinkOptions.VALUE_FORMAT).equals(SinkOptions.VALUE_FORMAT_JSON)) {
      throw new ConfigException(
          SinkOptions.VALUE_FORMAT,
          SinkOptions.VALUE_FORMAT_JSON,
          "It writes the input columns as a JSON value, which " + chosen + " would then refuse as"
              + " Avro: write an Avro 'value' column instead (e.g. to_avro(struct(...))).");
    }
    if (parsed.originals().get(SinkOptions.VALIDATION_ALLOW_UNKNOWN_FIELDS) != null) {
      throw new ConfigException(
          SinkOptions.VALIDATION_ALLOW_UNKNOWN_FIELDS,
          parsed.originals().get(SinkOptions.VALIDATION_ALLOW_UNKNOWN_FIELDS),
          "It applies to JSON values only: an Avro value has exactly the fields of its schema.");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Whether values are validated (and can be decoded for route expressions). */
  public boolean enabled() {
    return schema != null || avro();
  }

  /** Whether values are Avro ({@code avro} or {@code avro-confluent}). */
  public boolean avro() {
    return !format.equals(SinkOptions.VALIDATION_FORMAT_JSON);
  }

  /** Whether values carry the Confluent wire-format header. */
  public boolean confluent() {
    return format.equals(SinkOptions.VALIDATION_FORMAT_AVRO_CONFLUENT);
  }
}
