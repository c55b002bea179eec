package io.github.kafkarouted.dlq.read;

import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code format("kafka-dead-letters")}: a DLQ topic read as typed dead-letter rows ({@link
 * DeadLetterColumns#SCHEMA}), batch and streaming. Takes the options of Spark's {@code kafka} source
 * ({@code kafka.bootstrap.servers}, {@code subscribe}, {@code startingOffsets}, ...), whose reader it
 * wraps; the format and header style of each dead letter are read from the record itself, so no
 * other option is needed. Registered through {@code META-INF/services}; the constructor does
 * nothing.
 */
public final class DeadLettersProvider implements TableProvider, DataSourceRegister {

  public static final String SHORT_NAME = "kafka-dead-letters";

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return DeadLetterColumns.SCHEMA;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    if (schema != null && !schema.sameType(DeadLetterColumns.SCHEMA)) {
      throw new IllegalArgumentException(
          SHORT_NAME + " has a fixed schema; do not set one with .schema(...)");
    }
    return new DeadLettersTable(properties);
  }
}
