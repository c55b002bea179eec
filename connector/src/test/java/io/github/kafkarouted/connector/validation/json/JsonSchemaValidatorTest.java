package io.github.kafkarouted.connector.validation.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.catalyst.util.DateTimeUtils$;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSchemaValidatorTest {

  private static final String EVENT_DDL =
      "event_id STRING NOT NULL, amount DOUBLE, ts TIMESTAMP, tags ARRAY<STRING>,"
          + " user STRUCT<id: BIGINT NOT NULL, name: STRING>";

  private static final JsonSchemaValidator EVENTS = JsonSchemaValidator.fromDdl(EVENT_DDL, true);
  private static final JsonSchemaValidator EVENTS_CLOSED =
      JsonSchemaValidator.fromDdl(EVENT_DDL, false);

  private static String check(JsonSchemaValidator validator, String json) {
    return validator.validate(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Validates {@code {"v": <jsonValue>}} against {@code v <type>}. */
  private static String checkValue(String type, String jsonValue) {
    return check(JsonSchemaValidator.fromDdl("v " + type, true), "{\"v\": " + jsonValue + "}");
  }

  private static void assertInvalid(String message, String... fragments) {
    assertNotNull(message, "expected the value to be invalid");
    for (String fragment : fragments) {
      assertTrue(message.contains(fragment), () -> "'" + message + "' should contain " + fragment);
    }
  }

  // --- valid records --------------------------------------------------------------------------

  @Test
  void acceptsCompleteRecord() {
    String json =
        "{\"event_id\":\"e1\",\"amount\":12.5,\"ts\":\"2025-03-01T10:15:30.123Z\","
            + "\"tags\":[\"a\",\"b\"],\"user\":{\"id\":42,\"name\":\"Ann\"}}";
    assertNull(check(EVENTS, json));
    assertNull(check(EVENTS_CLOSED, json));
  }

  @Test
  void acceptsMissingAndNullNullableFields() {
    assertNull(check(EVENTS_CLOSED, "{\"event_id\":\"e1\"}"));
    assertNull(
        check(
            EVENTS_CLOSED,
            "{\"event_id\":\"e1\",\"amount\":null,\"ts\":null,\"tags\":null,\"user\":null}"));
    assertNull(check(EVENTS_CLOSED, "{\"event_id\":\"e1\",\"user\":{\"id\":1,\"name\":null}}"));
  }

  @Test
  void acceptsWhitespaceAroundTheObjectAndAnyFieldOrder() {
    assertNull(
        check(EVENTS, " \n\t{ \"user\" : {\"name\":\"x\",\"id\":-7} ,\"event_id\":\"e\" }\r\n "));
  }

  @Test
  void allowsUnknownFieldsByDefaultAtEveryLevel() {
    assertNull(
        check(
            EVENTS,
            "{\"event_id\":\"e\",\"extra\":{\"deep\":[1,{\"x\":null}]},"
                + "\"user\":{\"id\":1,\"more\":true}}"));
  }

  // --- envelope: null, empty, encoding, top level, trailing content, syntax --------------------

  @Test
  void rejectsNullAndEmptyAndBlankValues() {
    assertInvalid(EVENTS.validate(null), "value is null");
    assertInvalid(EVENTS.validate(new byte[0]), "value is empty");
    assertInvalid(check(EVENTS, "  \n "), "value is blank");
  }

  @Test
  void rejectsInvalidUtf8InsideAStringValue() {
    byte[] prefix = "{\"event_id\":\"ab".getBytes(StandardCharsets.UTF_8);
    byte[] json = new byte[prefix.length + 3];
    System.arraycopy(prefix, 0, json, 0, prefix.length);
    json[prefix.length] = (byte) 0xFF;
    json[prefix.length + 1] = '"';
    json[prefix.length + 2] = '}';
    assertInvalid(EVENTS.validate(json), "not valid UTF-8", "0xff", "offset " + prefix.length);
  }

  @Test
  void rejectsOverlongAndSurrogateUtf8EvenInSkippedUnknownFields() {
    // "/" encoded as C0 AF (overlong) and U+D800 encoded as ED A0 80 (a surrogate).
    for (byte[] bad :
        List.of(
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
      byte[] head = "{\"event_id\":\"e\",\"unknown\":\"".getBytes(StandardCharsets.UTF_8);
      byte[] json = new byte[head.length + bad.length + 2];
      System.arraycopy(head, 0, json, 0, head.length);
      System.arraycopy(bad, 0, json, head.length, bad.length);
      json[json.length - 2] = '"';
      json[json.length - 1] = '}';
      assertInvalid(EVENTS.validate(json), "not valid UTF-8", "offset " + head.length);
    }
  }

  @Test
  void rejectsUtf16AndByteOrderMarks() {
    String json = "{\"event_id\":\"e\"}";
    assertInvalid(
        EVENTS.validate(json.getBytes(StandardCharsets.UTF_16LE)), "byte 0x00 at offset 1");
    assertInvalid(
        EVENTS.validate(json.getBytes(StandardCharsets.UTF_16)), "not valid UTF-8", "0xfe");
    byte[] withBom = ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
    assertInvalid(EVENTS.validate(withBom), "byte order mark");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[{\"event_id\":\"e\"}]", "\"event_id\"", "42", "null", "true"})
  void rejectsTopLevelValuesThatAreNotObjects(String json) {
    assertInvalid(check(EVENTS, json), "expected a JSON object at top level, got");
  }

  @Test
  void rejectsTrailingContentAfterTheObject() {
    assertInvalid(check(EVENTS, "{\"event_id\":\"e\"} x"), "trailing content", "line 1 column");
    assertInvalid(check(EVENTS, "{\"event_id\":\"e\"}{\"event_id\":\"f\"}"), "trailing content");
    assertInvalid(check(EVENTS, "{\"event_id\":\"e\"}}"), "trailing content");
  }

  @Test
  void reportsMalformedJsonWithLineAndColumn() {
    assertInvalid(check(EVENTS, "{\"event_id\":\"e\",}"), "malformed JSON at line 1 column 17");
    assertInvalid(check(EVENTS, "{\"event_id\":\n  'e'}"), "malformed JSON at line 2 column");
    assertInvalid(check(EVENTS, "{\"event_id\":\"e\""), "malformed JSON", "end-of-input");
    assertInvalid(check(EVENTS, "{\"event_id\":\"e\",\"amount\":NaN}"), "malformed JSON");
    assertInvalid(check(EVENTS, "{\"event_id\":\"e\",\"amount\":01}"), "malformed JSON");
  }

  @Test
  void reportsMalformedJsonInsideSkippedUnknownFields() {
    assertInvalid(check(EVENTS, "{\"event_id\":\"e\",\"x\":[1,2,}"), "malformed JSON at line 1");
    assertInvalid(check(EVENTS, "{\"event_id\":\"e\",\"x\":\"tab\there\"}"), "malformed JSON");
  }

  @Test
  void reportsRawControlCharacterInADeclaredStringField() {
    assertInvalid(
        check(EVENTS, "{\"user\":{\"id\":1,\"name\":\"a\u0001b\"},\"event_id\":\"e\"}"),
        "malformed JSON at line 1",
        "CTRL-CHAR");
  }

  @Test
  void acceptsDeepNestingWithinJacksonsLimit() {
    String deep = "[".repeat(900) + "{\"a\":1}" + "]".repeat(900);
    assertNull(check(JsonSchemaValidator.fromDdl("v VARIANT", true), "{\"v\":" + deep + "}"));
  }

  @Test
  void turnsExcessiveNestingIntoAMessageNotAnError() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String message = check(JsonSchemaValidator.fromDdl("v VARIANT", true), "{\"v\":" + deep + "}");
    assertInvalid(message, "malformed JSON", "nesting depth");
  }

  // --- nullability ------------------------------------------------------------------------------

  @Test
  void rejectsMissingNotNullField() {
    assertEquals(
        "field 'event_id' is required (NOT NULL) but missing", check(EVENTS, "{\"amount\":1}"));
  }

  @Test
  void rejectsJsonNullForNotNullField() {
    assertEquals(
        "field 'event_id' is NOT NULL but the value is null", check(EVENTS, "{\"event_id\":null}"));
  }

  @Test
  void rejectsMissingOrNullNotNullFieldOfANestedStruct() {
    assertEquals(
        "field 'user.id' is required (NOT NULL) but missing",
        check(EVENTS, "{\"event_id\":\"e\",\"user\":{\"name\":\"x\"}}"));
    assertEquals(
        "field 'user.id' is NOT NULL but the value is null",
        check(EVENTS, "{\"event_id\":\"e\",\"user\":{\"id\":null}}"));
  }

  @Test
  void checksRequiredFieldsBeyondSixtyFourFields() {
    StringBuilder ddl = new StringBuilder();
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 70; i++) {
      ddl.append(i == 0 ? "" : ", ").append("f").append(i).append(" INT NOT NULL");
      if (i != 66) {
        json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
      }
    }
    JsonSchemaValidator wide = JsonSchemaValidator.fromDdl(ddl.toString(), false);
    assertEquals("field 'f66' is required (NOT NULL) but missing", check(wide, json + "}"));
    assertNull(check(wide, json + ",\"f66\":66}"));
    assertEquals(
        "field 'f68' appears more than once (duplicate key)",
        check(wide, json + ",\"f66\":66,\"f68\":1}"));
  }

  // --- scalar types -----------------------------------------------------------------------------

  @Test
  void stringTakesOnlyJsonStrings() {
    assertNull(checkValue("STRING", "\"\""));
    assertEquals("field 'v': expected string, got number 42", checkValue("STRING", "42"));
    assertEquals("field 'v': expected string, got boolean true", checkValue("STRING", "true"));
    assertEquals("field 'v': expected string, got object", checkValue("STRING", "{}"));
    assertNull(checkValue("VARCHAR(3)", "\"abcdef\""), "varchar length is not checked");
    assertNull(checkValue("STRING COLLATE UTF8_LCASE", "\"Abc\""));
    assertInvalid(checkValue("CHAR(2)", "1"), "field 'v': expected string, got number 1");
  }

  @Test
  void booleanTakesOnlyTrueAndFalse() {
    assertNull(checkValue("BOOLEAN", "false"));
    assertEquals(
        "field 'v': expected boolean, got string \"true\"", checkValue("BOOLEAN", "\"true\""));
    assertEquals("field 'v': expected boolean, got number 1", checkValue("BOOLEAN", "1"));
  }

  @Test
  void integralTypesTakeIntegersWithinRange() {
    assertNull(checkValue("TINYINT", "127"));
    assertNull(checkValue("TINYINT", "-128"));
    assertEquals(
        "field 'v': expected tinyint, got number 128 (out of range)", checkValue("TINYINT", "128"));
    assertNull(checkValue("SMALLINT", "-32768"));
    assertInvalid(checkValue("SMALLINT", "32768"), "field 'v': expected smallint", "out of range");
    assertNull(checkValue("INT", "2147483647"));
    assertInvalid(checkValue("INT", "-2147483649"), "field 'v': expected int", "out of range");
    assertNull(checkValue("BIGINT", "-9223372036854775808"));
    assertInvalid(
        checkValue("BIGINT", "9223372036854775808"), "field 'v': expected bigint", "out of range");
    assertInvalid(checkValue("BIGINT", "1" + "0".repeat(40)), "field 'v'", "out of range");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1.0", "1e2", "1E-1", "-0.0"})
  void integralTypesRejectFractionsAndExponents(String number) {
    assertEquals(
        "field 'v': expected int, got number "
            + number
            + " (not an integer: no fraction or exponent allowed)",
        checkValue("INT", number));
  }

  @Test
  void integralTypesRejectStrings() {
    assertEquals(
        "field 'user.id': expected bigint, got string \"abc\"",
        check(EVENTS, "{\"event_id\":\"e\",\"user\":{\"id\":\"abc\"}}"));
    assertEquals("field 'v': expected int, got string \"1\"", checkValue("INT", "\"1\""));
  }

  @Test
  void floatingTypesTakeAnyFiniteNumber() {
    assertNull(checkValue("DOUBLE", "3"));
    assertNull(checkValue("DOUBLE", "-1.25e-300"));
    assertNull(checkValue("DOUBLE", "1.7976931348623157e308"));
    assertEquals(
        "field 'v': expected double, got number 1e400 (out of range)",
        checkValue("DOUBLE", "1e400"));
    assertNull(checkValue("FLOAT", "3.4e38"));
    assertEquals(
        "field 'v': expected float, got number 1e39 (out of range)", checkValue("FLOAT", "1e39"));
    assertEquals("field 'v': expected double, got string \"NaN\"", checkValue("DOUBLE", "\"NaN\""));
  }

  @Test
  void decimalTakesNumbersThatFitPrecisionAndScale() {
    for (String ok : List.of("123.45", "-999.99", "123.450", "0", "0.000", "1e2", "0.01", "7")) {
      assertNull(checkValue("DECIMAL(5,2)", ok), ok);
    }
    assertEquals(
        "field 'v': expected decimal(5,2), got number 123.456 (too many fractional digits)",
        checkValue("DECIMAL(5,2)", "123.456"));
    assertEquals(
        "field 'v': expected decimal(5,2), got number 1234.5 (too many integer digits)",
        checkValue("DECIMAL(5,2)", "1234.5"));
    assertInvalid(checkValue("DECIMAL(5,2)", "1e3"), "field 'v'", "too many integer digits");
    assertInvalid(checkValue("DECIMAL(5,2)", "\"1.5\""), "field 'v'", "got string");
    assertNull(checkValue("DECIMAL(2,2)", "0.5"));
    assertInvalid(checkValue("DECIMAL(2,2)", "1.5"), "field 'v'", "too many integer digits");
  }

  @Test
  void decimalRejectsAbsurdExponentsWithoutHanging() {
    assertInvalid(checkValue("DECIMAL(38,10)", "1e-999999999"), "field 'v'", "fractional");
    assertInvalid(checkValue("DECIMAL(38,10)", "1e999999999"), "field 'v'", "integer digits");
  }

  @Test
  void dateTakesRealCalendarDaysAsYyyyMmDd() {
    assertNull(checkValue("DATE", "\"2024-02-29\""));
    assertNull(checkValue("DATE", "\"0001-01-01\""));
    for (String bad :
        List.of(
            "\"2023-02-29\"",
            "\"2024-1-01\"",
            "\"2024-04-31\"",
            "\"2024-01-01T00:00\"",
            "\"20240101\"",
            "\"2024/01/01\"",
            "20240101")) {
      assertInvalid(checkValue("DATE", bad), "field 'v': expected date (string yyyy-MM-dd)");
    }
  }

  private static final List<String> ISO_LOCAL =
      List.of(
          "2025-03-01T10:15:30",
          "2025-03-01T23:59:59.1",
          "2024-02-29T00:00:00.123456",
          "2025-03-01T10:15:30.123456789");

  private static final List<String> ISO_WITH_OFFSET =
      List.of(
          "2025-03-01T10:15:30Z",
          "2025-03-01T10:15:30.5+02:00",
          "2025-03-01T10:15:30-0530",
          "2025-03-01T10:15:30+01",
          "2025-03-01T10:15:30+18:00");

  private static final List<String> NOT_ISO =
      List.of(
          "2025-03-01 10:15:30",
          "2025-03-01",
          "2025-03-01T10:15",
          "2025-03-01T10:15Z",
          "2025-03-01T10:15:3",
          "2025-03-01T24:00:00",
          "2025-03-01T10:60:00",
          "2025-03-01T10:15:61",
          "2025-03-01T10:15:30.",
          "2025-03-01T10:15:30.1234567890",
          "2025-03-01T10:15:30+19:00",
          "2025-03-01T10:15:30+02:0",
          "2025-03-01T10:15:30z",
          "2025-02-30T10:15:30Z",
          "2025-03-01t10:15:30",
          "1740823930000");

  @Test
  void timestampTakesIsoStringsWithOrWithoutOffset() {
    for (String ts : ISO_LOCAL) {
      assertNull(checkValue("TIMESTAMP", "\"" + ts + "\""), ts);
    }
    for (String ts : ISO_WITH_OFFSET) {
      assertNull(checkValue("TIMESTAMP", "\"" + ts + "\""), ts);
    }
    for (String ts : NOT_ISO) {
      assertInvalid(checkValue("TIMESTAMP", "\"" + ts + "\""), "field 'v': expected timestamp");
    }
  }

  @Test
  void timestampRejectsEpochNumbers() {
    assertEquals(
        "field 'ts': expected timestamp (ISO-8601 string yyyy-MM-ddTHH:mm:ss[.fraction][offset]),"
            + " got number 1740823930000",
        check(EVENTS, "{\"event_id\":\"e\",\"ts\":1740823930000}"));
  }

  @Test
  void timestampNtzTakesIsoStringsWithoutOffsetOnly() {
    for (String ts : ISO_LOCAL) {
      assertNull(checkValue("TIMESTAMP_NTZ", "\"" + ts + "\""), ts);
    }
    for (String ts : ISO_WITH_OFFSET) {
      assertInvalid(
          checkValue("TIMESTAMP_NTZ", "\"" + ts + "\""), "field 'v': expected timestamp_ntz");
    }
  }

  /** Whatever we accept, Spark's JSON reader (its default ISO parsers) reads without error. */
  @Test
  void everyAcceptedDateAndTimestampAlsoParsesInSpark() {
    DateTimeUtils$ spark = DateTimeUtils$.MODULE$;
    for (String ts : ISO_LOCAL) {
      assertTrue(
          spark.stringToTimestampWithoutTimeZone(UTF8String.fromString(ts), false).isDefined(), ts);
      assertTrue(
          spark.stringToTimestamp(UTF8String.fromString(ts), ZoneOffset.UTC).isDefined(), ts);
    }
    for (String ts : ISO_WITH_OFFSET) {
      assertTrue(
          spark.stringToTimestamp(UTF8String.fromString(ts), ZoneOffset.UTC).isDefined(), ts);
      assertFalse(
          spark.stringToTimestampWithoutTimeZone(UTF8String.fromString(ts), false).isDefined(), ts);
    }
    assertTrue(spark.stringToDate(UTF8String.fromString("2024-02-29")).isDefined());
  }

  @Test
  void binaryTakesBase64Strings() {
    assertNull(checkValue("BINARY", "\"aGVsbG8=\""));
    assertNull(checkValue("BINARY", "\"\""));
    assertEquals(
        "field 'v': expected binary (base64 string), got string \"not base64!\" (not valid base64)",
        checkValue("BINARY", "\"not base64!\""));
    assertInvalid(checkValue("BINARY", "[1,2]"), "field 'v': expected binary", "got array");
  }

  // --- containers -------------------------------------------------------------------------------

  @Test
  void arrayElementsAreCheckedWithTheirIndex() {
    assertNull(check(EVENTS, "{\"event_id\":\"e\",\"tags\":[]}"));
    assertNull(check(EVENTS, "{\"event_id\":\"e\",\"tags\":[\"a\",null]}"));
    assertEquals(
        "field 'tags[1]': expected string, got number 2",
        check(EVENTS, "{\"event_id\":\"e\",\"tags\":[\"a\",2]}"));
    assertEquals(
        "field 'tags': expected array (JSON array), got string \"a\"",
        check(EVENTS, "{\"event_id\":\"e\",\"tags\":\"a\"}"));
  }

  @Test
  void arrayWithoutNullElementsRejectsNull() {
    StructType schema =
        new StructType().add("ids", DataTypes.createArrayType(DataTypes.LongType, false), false);
    JsonSchemaValidator validator = JsonSchemaValidator.of(schema, true);
    assertNull(check(validator, "{\"ids\":[1,2]}"));
    assertEquals(
        "field 'ids[1]' is null but the array elements are NOT NULL",
        check(validator, "{\"ids\":[1,null]}"));
  }

  @Test
  void nestedArraysAndStructsReportTheFullPath() {
    JsonSchemaValidator validator =
        JsonSchemaValidator.fromDdl(
            "orders ARRAY<STRUCT<sku: STRING NOT NULL, qty: INT, lines: ARRAY<ARRAY<INT>>>>",
            false);
    assertNull(check(validator, "{\"orders\":[{\"sku\":\"a\",\"qty\":1,\"lines\":[[1],[2,3]]}]}"));
    assertEquals(
        "field 'orders[1].sku' is required (NOT NULL) but missing",
        check(validator, "{\"orders\":[{\"sku\":\"a\"},{\"qty\":2}]}"));
    assertEquals(
        "field 'orders[0].lines[1][0]': expected int, got number 2.5 (not an integer: no"
            + " fraction or exponent allowed)",
        check(validator, "{\"orders\":[{\"sku\":\"a\",\"lines\":[[1],[2.5]]}]}"));
  }

  @Test
  void mapValuesAreCheckedWithTheirKey() {
    JsonSchemaValidator validator = JsonSchemaValidator.fromDdl("attrs MAP<STRING, INT>", true);
    assertNull(check(validator, "{\"attrs\":{\"a\":1,\"b\":null}}"));
    assertNull(check(validator, "{\"attrs\":{}}"));
    assertEquals(
        "field 'attrs[\"b\"]': expected int, got string \"x\"",
        check(validator, "{\"attrs\":{\"a\":1,\"b\":\"x\"}}"));
    assertEquals(
        "field 'attrs': expected map (JSON object), got array",
        check(validator, "{\"attrs\":[1]}"));
  }

  @Test
  void mapWithoutNullValuesRejectsNull() {
    StructType schema =
        new StructType()
            .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false));
    assertEquals(
        "field 'm[\"k\"]' is null but the map values are NOT NULL",
        check(JsonSchemaValidator.of(schema, true), "{\"m\":{\"k\":null}}"));
  }

  @Test
  void structMustBeAnObject() {
    assertEquals(
        "field 'user': expected struct (JSON object), got array",
        check(EVENTS, "{\"event_id\":\"e\",\"user\":[1]}"));
  }

  @Test
  void variantTakesAnyJsonIncludingNullEvenWhenNotNull() {
    JsonSchemaValidator validator = JsonSchemaValidator.fromDdl("v VARIANT NOT NULL", false);
    for (String value : List.of("1", "\"s\"", "null", "[1,{\"a\":[]}]", "{\"a\":{\"b\":null}}")) {
      assertNull(check(validator, "{\"v\":" + value + "}"), value);
    }
    assertEquals("field 'v' is required (NOT NULL) but missing", check(validator, "{}"));
  }

  // --- unknown fields, duplicates, case -------------------------------------------------------

  @Test
  void rejectsUnknownFieldsWhenNotAllowed() {
    assertEquals(
        "field 'extra' is not declared in validation.schema and validation.allowUnknownFields is"
            + " false",
        check(EVENTS_CLOSED, "{\"event_id\":\"e\",\"extra\":1}"));
    assertInvalid(
        check(EVENTS_CLOSED, "{\"event_id\":\"e\",\"user\":{\"id\":1,\"nick\":\"n\"}}"),
        "field 'user.nick' is not declared");
  }

  @Test
  void rejectsDuplicateDeclaredField() {
    assertEquals(
        "field 'event_id' appears more than once (duplicate key)",
        check(EVENTS, "{\"event_id\":\"e\",\"event_id\":\"f\"}"));
    assertEquals(
        "field 'user.id' appears more than once (duplicate key)",
        check(EVENTS, "{\"event_id\":\"e\",\"user\":{\"id\":1,\"id\":1}}"));
  }

  @Test
  void rejectsDuplicateKeysInUnknownFieldsMapsAndVariants() {
    assertEquals(
        "field 'x' appears more than once (duplicate key)",
        check(EVENTS, "{\"x\":1,\"event_id\":\"e\",\"x\":2}"));
    assertEquals(
        "field 'x.a' appears more than once (duplicate key)",
        check(EVENTS, "{\"event_id\":\"e\",\"x\":{\"a\":1,\"b\":2,\"a\":3}}"));
    assertEquals(
        "field 'm[\"k\"]' appears more than once (duplicate key)",
        check(
            JsonSchemaValidator.fromDdl("m MAP<STRING,STRING>", true),
            "{\"m\":{\"k\":\"1\",\"k\":\"2\"}}"));
    assertEquals(
        "field 'v[1].a' appears more than once (duplicate key)",
        checkValue("VARIANT", "[{\"a\":1},{\"a\":1,\"a\":2}]"));
  }

  @Test
  void fieldNamesAreCaseSensitive() {
    assertEquals(
        "field 'event_id' is required (NOT NULL) but missing",
        check(EVENTS, "{\"Event_Id\":\"e\"}"));
    assertEquals(
        "field 'Event_Id' is not declared in validation.schema and"
            + " validation.allowUnknownFields is false",
        check(EVENTS_CLOSED, "{\"Event_Id\":\"e\"}"));
    JsonSchemaValidator both =
        JsonSchemaValidator.fromDdl("a INT NOT NULL, A STRING NOT NULL", false);
    assertNull(check(both, "{\"a\":1,\"A\":\"x\"}"));
  }

  @Test
  void quotesLongOrSpecialValuesShortAndEscaped() {
    String message = checkValue("INT", "\"" + "x".repeat(100) + "\"");
    assertEquals("field 'v': expected int, got string \"" + "x".repeat(40) + "...\"", message);
    assertEquals(
        "field 'v': expected int, got string \"a\\\"b\\u000a\"",
        checkValue("INT", "\"a\\\"b\\n\""));
  }

  // --- construction -----------------------------------------------------------------------------

  @Test
  void rejectsDdlThatDoesNotParse() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JsonSchemaValidator.fromDdl("event_id STRING NOT NULL,, amount", true));
    assertTrue(e.getMessage().startsWith("Invalid option 'validation.schema': "), e.getMessage());
    assertTrue(e.getMessage().contains("is not a Spark DDL schema"), e.getMessage());
  }

  @Test
  void rejectsBlankOrEmptySchema() {
    assertThrows(IllegalArgumentException.class, () -> JsonSchemaValidator.fromDdl(" ", true));
    assertThrows(IllegalArgumentException.class, () -> JsonSchemaValidator.fromDdl(null, true));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JsonSchemaValidator.of(new StructType(), true));
    assertEquals(
        "Invalid option 'validation.schema': must declare at least one field", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a INT, b STRUCT<c: INTERVAL DAY TO SECOND>",
        "a INT, b STRUCT<c: ARRAY<TIME>>",
        "a INT, b STRUCT<c: MAP<INT, STRING>>"
      })
  void rejectsTypesJsonValidationCannotCheck(String ddl) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JsonSchemaValidator.fromDdl(ddl, true));
    assertTrue(
        e.getMessage().startsWith("Invalid option 'validation.schema': field 'b.c"),
        e.getMessage());
  }

  @Test
  void rejectsFieldDeclaredTwice() {
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField("a", DataTypes.IntegerType, true, Metadata.empty()),
              new StructField("a", DataTypes.StringType, true, Metadata.empty())
            });
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JsonSchemaValidator.of(schema, true));
    assertEquals(
        "Invalid option 'validation.schema': field 'a' is declared more than once", e.getMessage());
  }

  // --- serialization and sharing ----------------------------------------------------------------

  @Test
  void survivesJavaSerialization() throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(EVENTS_CLOSED);
    }
    JsonSchemaValidator copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (JsonSchemaValidator) in.readObject();
    }
    assertEquals(EVENTS_CLOSED.schema(), copy.schema());
    assertFalse(copy.allowUnknownFields());
    assertNull(check(copy, "{\"event_id\":\"e\",\"user\":{\"id\":1}}"));
    assertEquals(
        "field 'user.id': expected bigint, got string \"abc\"",
        check(copy, "{\"event_id\":\"e\",\"user\":{\"id\":\"abc\"}}"));
  }

  @Test
  void givesTheSameAnswersFromConcurrentThreads() throws Exception {
    List<String> inputs =
        List.of(
            "{\"event_id\":\"e\",\"user\":{\"id\":1}}",
            "{\"event_id\":\"e\",\"user\":{\"id\":\"abc\"}}",
            "{\"amount\":1}",
            "{\"event_id\":\"e\",\"tags\":[\"a\",2]}");
    List<String> expected = inputs.stream().map(json -> check(EVENTS, json)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results =
          java.util.stream.IntStream.range(0, 8)
              .mapToObj(
                  t ->
                      pool.submit(
                          () -> {
                            for (int round = 0; round < 2_000; round++) {
                              int i = (round + t) % inputs.size();
                              if (!java.util.Objects.equals(
                                  expected.get(i), check(EVENTS, inputs.get(i)))) {
                                return false;
                              }
                            }
                            return true;
                          }))
              .toList();
      for (Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
