package io.github.kafkarouted.connector.validation.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.avro.Schema;
import org.apache.spark.sql.avro.SchemaConverters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The type of {@code data} is what Spark's {@code from_avro} gives the schema ({@code
 * SchemaConverters.toSqlType}, Spark 4.1's own mapping), and schemas the format cannot read are
 * refused naming the option.
 */
class AvroFormatTest {

  private static final String OPTION = "validation.avroSchema";

  private static String record(String fields) {
    return "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"n\",\"fields\":[" + fields + "]}";
  }

  private static String field(String name, String type) {
    return "{\"name\":\"" + name + "\",\"type\":" + type + "}";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"null\"",
        "\"boolean\"",
        "\"int\"",
        "\"long\"",
        "\"float\"",
        "\"double\"",
        "\"string\"",
        "\"bytes\"",
        "{\"type\":\"fixed\",\"name\":\"F\",\"size\":16}",
        "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}",
        "{\"type\":\"int\",\"logicalType\":\"date\"}",
        "{\"type\":\"int\",\"logicalType\":\"time-millis\"}",
        "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}",
        "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}",
        "{\"type\":\"long\",\"logicalType\":\"timestamp-nanos\"}",
        "{\"type\":\"long\",\"logicalType\":\"local-timestamp-millis\"}",
        "{\"type\":\"long\",\"logicalType\":\"local-timestamp-micros\"}",
        "{\"type\":\"long\",\"logicalType\":\"time-micros\"}",
        "{\"type\":\"string\",\"logicalType\":\"uuid\"}",
        "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,\"scale\":10}",
        "{\"type\":\"fixed\",\"name\":\"D\",\"size\":8,\"logicalType\":\"decimal\",\"precision\":18,\"scale\":2}",
        "{\"type\":\"fixed\",\"name\":\"D2\",\"size\":2,\"logicalType\":\"decimal\",\"precision\":18,\"scale\":2}",
        "[\"null\",\"string\"]",
        "[\"string\",\"null\"]",
        "[\"string\"]",
        "[\"int\",\"long\"]",
        "[\"null\",\"long\",\"int\"]",
        "[\"float\",\"double\"]",
        "[\"string\",\"long\",\"bytes\"]",
        "[\"null\",\"string\",{\"type\":\"record\",\"name\":\"M\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}]",
        "{\"type\":\"array\",\"items\":\"string\"}",
        "{\"type\":\"array\",\"items\":[\"null\",\"double\"]}",
        "{\"type\":\"map\",\"values\":[\"null\",\"int\"]}",
        "{\"type\":\"map\",\"values\":{\"type\":\"array\",\"items\":\"long\"}}",
        "{\"type\":\"record\",\"name\":\"Inner\",\"fields\":[{\"name\":\"x\",\"type\":[\"null\",\"int\"]},"
            + "{\"name\":\"y\",\"type\":{\"type\":\"map\",\"values\":\"string\"}}]}"
      })
  void eachTypeMapsAsFromAvroMapsIt(String type) {
    String json = record(field("f", type) + "," + field("g", "\"string\""));
    assertEquals(
        SchemaConverters.toSqlType(new Schema.Parser().parse(json)).dataType(),
        AvroFormat.plain(json, OPTION).schema(),
        type);
  }

  @Test
  void theFormatTravelsToExecutorsAndComesBackWhole() throws Exception {
    AvroFormat format = AvroFormat.confluent(AvroDecoderTest.SCHEMA, OPTION, new int[] {3});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(format);
    }
    AvroFormat copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (AvroFormat) in.readObject();
    }
    assertEquals(format.schema(), copy.schema());
    assertEquals(
        "schema id 4 is not one the sink can resolve: not in validation.avroSchemaIds [3] (no schema"
            + " registry is configured)",
        copy.validate(new byte[] {0, 0, 0, 0, 4}));
  }

  @Test
  void schemasTheFormatCannotReadAreRefusedNamingTheOption() {
    refused("  ", "Option 'validation.avroSchema' must be an Avro schema (JSON), such as"
        + " {\"type\":\"record\",\"name\":\"Event\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}.");
    refused("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"strin\"}]}",
        "Option 'validation.avroSchema' is not an Avro schema: Undefined schema: strin");
    refused("\"string\"", "Option 'validation.avroSchema': the top-level schema must be a record (its"
        + " fields are those of the decoded value), not string.");
    refused(record(""), "Option 'validation.avroSchema': the top-level record must declare at least one field.");
    refused(
        record(field("next", "[\"null\",\"R\"]")),
        "Option 'validation.avroSchema': field 'next': record n.R refers to itself (recursive schemas are"
            + " refused, as from_avro refuses them by default).");
    refused(
        record(field("nulls", "{\"type\":\"array\",\"items\":\"null\"}")),
        "Option 'validation.avroSchema': field 'nulls': array items that take no bytes (null, a record"
            + " without fields) are not supported.");
    refused(record(field("only", "[\"null\"]")),
        "Option 'validation.avroSchema': field 'only': a union of only null is not supported.");
    refused(
        record(field("d", "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":39,\"scale\":0}")),
        "Option 'validation.avroSchema': field 'd': decimal precision 39 is above Spark's 38.");
    refused(
        record(field("i", "{\"type\":\"int\",\"spark.sql.catalyst.type\":\"interval year to month\"}")),
        "Option 'validation.avroSchema': field 'i': the property spark.sql.catalyst.type=interval year to"
            + " month (a Spark interval written as Avro) is not supported.");
  }

  private static void refused(String json, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AvroFormat.plain(json, OPTION));
    assertEquals(message, e.getMessage());
  }
}
