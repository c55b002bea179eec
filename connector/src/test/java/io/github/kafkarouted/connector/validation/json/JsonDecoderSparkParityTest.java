package io.github.kafkarouted.connector.validation.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A decoded value is what Spark's {@code from_json} makes of the same valid value, type by type:
 * route expressions on {@code data.*} see the values a user's {@code from_json(...).alias("data")}
 * would have given them.
 */
class JsonDecoderSparkParityTest {

  private static final String ZONE = "America/New_York";

  private static final String DDL =
      "s STRING, b BOOLEAN, t TINYINT, sm SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE,"
          + " dec DECIMAL(10,3), dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, bin BINARY,"
          + " arr ARRAY<INT>, m MAP<STRING,STRING>, st STRUCT<a: INT, b: ARRAY<STRUCT<c: STRING>>>,"
          + " v VARIANT";

  private static final List<String> VALUES =
      List.of(
          "{\"s\":\"h\\u00e9llo \\\"q\\\"\",\"b\":true,\"t\":-128,\"sm\":32767,\"i\":-5,\"l\":9007199254740993,"
              + "\"f\":1.5,\"d\":-2.25e10,\"dec\":1234567.891,\"dt\":\"2024-02-29\","
              + "\"ts\":\"2024-06-01T12:34:56.123456\",\"ntz\":\"1999-12-31T23:59:59.5\",\"bin\":\"AAEC\","
              + "\"arr\":[1,null,3],\"m\":{\"x\":\"1\",\"y\":null},\"st\":{\"a\":7,\"b\":[{\"c\":\"z\"},null]},"
              + "\"v\":{\"k\":[1,\"two\",null,{\"n\":2.5}]}}",
          "{\"ts\":\"2024-01-15T08:00:00Z\",\"dec\":0.5,\"dt\":\"0001-01-01\",\"v\":null,\"arr\":[]}",
          "{\"ts\":\"2024-06-01T12:34:56.987654321+05:30\",\"ntz\":\"2024-06-01T00:00:00\",\"v\":\"text\"}",
          "{\"ts\":\"1969-07-20T20:17:40-0400\",\"d\":5,\"f\":3,\"dec\":-0.001,\"v\":12}",
          "{}");

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("json-decoder-parity-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", ZONE)
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void decodedValuesAreWhatFromJsonMakesOfThem() {
    JsonSchemaValidator format = JsonSchemaValidator.fromDdl(DDL, false);
    StructType schema = format.schema();
    boolean[] all = new boolean[schema.fields().length];
    Arrays.fill(all, true);
    ValueDecoder decoder = format.newDecoder(DecodedFields.of(all, ZONE));
    List<Row> expected =
        spark
            .createDataset(VALUES, Encoders.STRING())
            .selectExpr("from_json(value, '" + DDL + "') AS j")
            .collectAsList();
    for (int i = 0; i < VALUES.size(); i++) {
      assertNull(decoder.decode(VALUES.get(i).getBytes(StandardCharsets.UTF_8)), VALUES.get(i));
      Row ours = (Row) CatalystTypeConverters.createToScalaConverter(schema).apply(decoder.decoded());
      Row spark = expected.get(i).getStruct(0);
      for (int f = 0; f < schema.fields().length; f++) {
        String field = schema.fields()[f].name();
        Object a = spark.get(f);
        Object b = ours.get(f);
        if (a instanceof byte[] bytes) {
          assertEquals(Arrays.toString(bytes), Arrays.toString((byte[]) b), field + " of " + VALUES.get(i));
        } else {
          // Variants compare by their JSON rendering (VariantVal has no value equality).
          assertEquals(String.valueOf(a), String.valueOf(b), field + " of " + VALUES.get(i));
        }
      }
    }
  }
}
