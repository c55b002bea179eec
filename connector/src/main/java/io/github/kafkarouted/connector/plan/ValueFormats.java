package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.connector.config.SinkOptions;
import io.github.kafkarouted.connector.config.ValidationConf;
import io.github.kafkarouted.connector.validation.ValueFormat;
import io.github.kafkarouted.connector.validation.avro.AvroFormat;
import io.github.kafkarouted.connector.validation.json.JsonSchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the {@link ValueFormat} the {@code validation.*} options choose, on the driver at start:
 * an Avro schema file is read here, once, through the session's Hadoop file systems, so that
 * executors get the schema itself and never read the file. Every refusal names its option.
 */
final class ValueFormats {

  /** A schema file larger than this is not a schema: refuse it before reading it. */
  static final long MAX_SCHEMA_FILE_BYTES = 16L << 20;

  private ValueFormats() {}

  /** The format of {@code validation}, or null when values are not validated. */
  static ValueFormat build(ValidationConf validation, SparkSession spark) {
    if (!validation.enabled()) {
      return null;
    }
    if (!validation.avro()) {
      return JsonSchemaValidator.fromDdl(validation.schema(), validation.allowUnknownFields());
    }
    String option =
        validation.avroSchema() != null
            ? SinkOptions.VALIDATION_AVRO_SCHEMA
            : SinkOptions.VALIDATION_AVRO_SCHEMA_FILE;
    String json =
        validation.avroSchema() != null
            ? validation.avroSchema()
            : readSchemaFile(validation.avroSchemaFile(), spark.sessionState().newHadoopConf());
    return validation.confluent()
        ? AvroFormat.confluent(json, option, validation.avroSchemaIds())
        : AvroFormat.plain(json, option);
  }

  static String readSchemaFile(String file, Configuration hadoopConf) {
    try {
      Path path = new Path(file);
      FileSystem fs = path.getFileSystem(hadoopConf);
      long length = fs.getFileStatus(path).getLen();
      if (length > MAX_SCHEMA_FILE_BYTES) {
        throw new IllegalArgumentException(
            "Option '" + SinkOptions.VALIDATION_AVRO_SCHEMA_FILE + "': '" + file + "' has " + length
                + " bytes, more than an Avro schema file may have (" + MAX_SCHEMA_FILE_BYTES + ").");
      }
      try (InputStream in = fs.open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("Option '")) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "Option '" + SinkOptions.VALIDATION_AVRO_SCHEMA_FILE + "': cannot read '" + file + "': "
              + e.getClass().getSimpleName() + ": " + e.getMessage(),
          e);
    }
  }
}
