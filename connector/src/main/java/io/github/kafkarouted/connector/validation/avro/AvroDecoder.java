package io.github.kafkarouted.connector.validation.avro;

import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import io.github.kafkarouted.connector.validation.avro.AvroContainers.RecordReader;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes one task's Avro values: the wire-format header when there is one, then the record, read
 * by its own readers straight from the value's bytes into a row reused from value to value
 * (primitives unboxed), then a check that no byte is left over. Not thread-safe.
 */
final class AvroDecoder implements ValueDecoder {

  private final ConfluentHeader header;
  private final RecordReader root;
  private final DecodedFields fields;
  private final InternalRow row;
  private final AvroInput input = new AvroInput();

  /** @param header the wire-format header check, or null for plain Avro binary */
  AvroDecoder(ConfluentHeader header, RecordReader root, StructType schema, DecodedFields fields) {
    this.header = header;
    this.root = root;
    this.fields = fields;
    this.row = fields.any() ? new SpecificInternalRow(schema) : null;
  }

  @Override
  public InternalRow decoded() {
    return row;
  }

  @Override
  public String decode(byte[] value) {
    if (value == null) {
      return header == null
          ? "value is null: expected an Avro record"
          : "value is null: expected an Avro record in the Confluent wire format";
    }
    int offset = 0;
    if (header != null) {
      String problem = header.problem(value);
      if (problem != null) {
        return problem;
      }
      offset = ConfluentHeader.LENGTH;
    }
    input.reset(value, offset);
    try {
      root.readFields(input, row, fields);
    } catch (AvroFailure f) {
      return f.getMessage();
    } catch (RuntimeException e) {
      // The readers report bad input as AvroFailure; this is a last resort so that a reader bug
      // marks one record invalid instead of failing the task.
      return "value could not be validated: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    if (input.remaining() != 0) {
      return "trailing bytes after the Avro record: "
          + input.remaining()
          + " bytes from byte "
          + input.position()
          + " of "
          + value.length;
    }
    return null;
  }
}
