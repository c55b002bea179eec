package io.github.kafkarouted.connector.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The {@code validation.format} options: each conflict refused, naming the option. */
class ValidationConfTest {

  private static final String AVRO = "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

  private static Map<String, String> with(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", "localhost:9092");
    m.put("topic", "out");
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static String refusal(String... keyValues) {
    return assertThrows(ConfigException.class, () -> SinkConf.parse(with(keyValues))).getMessage();
  }

  @Test
  void jsonIsTheDefaultAndAvroFormatsAreParsed() {
    ValidationConf json = SinkConf.parse(with()).validation();
    assertEquals("json", json.format());
    assertFalse(json.enabled());
    ValidationConf avro =
        SinkConf.parse(with("validation.format", "avro-confluent", "validation.avroSchema", AVRO,
                "validation.avroSchemaIds", "7, 3"))
            .validation();
    assertTrue(avro.enabled() && avro.avro() && avro.confluent());
    assertEquals(AVRO, avro.avroSchema());
    assertArrayEquals(new int[] {7, 3}, avro.avroSchemaIds());
    ValidationConf file =
        SinkConf.parse(with("validation.format", "avro", "validation.avroSchemaFile", "/s/e.avsc")).validation();
    assertEquals("/s/e.avsc", file.avroSchemaFile());
    assertNull(file.avroSchemaIds());
    assertFalse(file.confluent());
  }

  @Test
  void anUnknownFormatIsRefused() {
    assertEquals(
        "Invalid value protobuf for configuration validation.format: String must be one of: json, avro,"
            + " avro-confluent",
        refusal("validation.format", "protobuf"));
  }

  @Test
  void anAvroFormatNeedsExactlyOneSchemaOption() {
    assertEquals(
        "Invalid value null for configuration validation.avroSchema: validation.format=avro needs the"
            + " values' Avro schema: set validation.avroSchema (the schema's JSON) or"
            + " validation.avroSchemaFile (its path).",
        refusal("validation.format", "avro"));
    assertEquals(
        "Invalid value /s/e.avsc for configuration validation.avroSchemaFile: Set either"
            + " validation.avroSchema or validation.avroSchemaFile, not both.",
        refusal("validation.format", "avro-confluent", "validation.avroSchema", AVRO,
            "validation.avroSchemaFile", "/s/e.avsc"));
  }

  @Test
  void theAvroSchemaIsTheOnlySchema() {
    assertEquals(
        "Invalid value id STRING for configuration validation.schema: With validation.format=avro the"
            + " Avro schema (validation.avroSchema or validation.avroSchemaFile) is the schema of the"
            + " values and of the decoded value in route expressions: remove validation.schema.",
        refusal("validation.format", "avro", "validation.avroSchema", AVRO, "validation.schema", "id STRING"));
  }

  @Test
  void avroOptionsNeedAnAvroFormat() {
    assertEquals(
        "Invalid value " + AVRO + " for configuration validation.avroSchema: It applies to Avro values"
            + " only: set validation.format=avro or avro-confluent, or remove this option.",
        refusal("validation.schema", "id STRING", "validation.avroSchema", AVRO));
    assertEquals(
        "Invalid value 3 for configuration validation.avroSchemaIds: Plain Avro values carry no schema"
            + " id: it applies to validation.format=avro-confluent only.",
        refusal("validation.format", "avro", "validation.avroSchema", AVRO, "validation.avroSchemaIds", "3"));
    assertEquals(
        "Invalid value [3, x] for configuration validation.avroSchemaIds: Not a schema id (a 32-bit"
            + " integer): x",
        refusal("validation.format", "avro-confluent", "validation.avroSchema", AVRO,
            "validation.avroSchemaIds", "3,x"));
  }

  @Test
  void jsonOnlyOptionsAreRefusedWithAvro() {
    assertEquals(
        "Invalid value false for configuration validation.allowUnknownFields: It applies to JSON values"
            + " only: an Avro value has exactly the fields of its schema.",
        refusal("validation.format", "avro", "validation.avroSchema", AVRO,
            "validation.allowUnknownFields", "false"));
    assertEquals(
        "Invalid value json for configuration value.format: It writes the input columns as a JSON value,"
            + " which validation.format=avro would then refuse as Avro: write an Avro 'value' column"
            + " instead (e.g. to_avro(struct(...))).",
        refusal("validation.format", "avro", "validation.avroSchema", AVRO, "value.format", "json"));
  }

  @Test
  void theAliasNamesTheDecodedAvroValueToo() {
    assertEquals(
        "event",
        SinkConf.parse(with("validation.format", "avro", "validation.avroSchema", AVRO, "validation.alias", "event"))
            .validation()
            .alias());
  }
}
