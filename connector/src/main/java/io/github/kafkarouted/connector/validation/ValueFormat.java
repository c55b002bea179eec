package io.github.kafkarouted.connector.validation;

import java.io.Serializable;
import org.apache.spark.sql.types.StructType;

/**
 * A format of record values that the sink can validate and decode ({@code validation.*} options):
 * built once on the driver, shipped to executors in the writer spec, and asked there for one
 * {@link ValueDecoder} per task. Implementations are immutable and thread-safe.
 *
 * <p>A second format (Avro, ...) is one new implementation of this interface and of {@link
 * ValueDecoder}; the planner and the writers only see these two types.
 */
public interface ValueFormat extends Serializable {

  /** The schema a valid value decodes into: the type of the {@code data} column of route expressions. */
  StructType schema();

  /** The option that declares the schema: SCHEMA_INVALID messages start with its name. */
  default String option() {
    return "validation.schema";
  }

  /**
   * A decoder for one task (not thread-safe).
   *
   * @param fields which top-level fields of {@link #schema()} the decoded row must hold; the others
   *     are only validated (and read as null)
   */
  ValueDecoder newDecoder(DecodedFields fields);

  /**
   * Validates one value without keeping its decoded form: null if valid, else the problem (the
   * message of a SCHEMA_INVALID dead letter). Thread-safe; for one-off checks and SQL functions.
   */
  default String validate(byte[] value) {
    return newDecoder(DecodedFields.NONE).decode(value);
  }
}
