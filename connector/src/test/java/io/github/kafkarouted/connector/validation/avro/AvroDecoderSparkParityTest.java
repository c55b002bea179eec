package io.github.kafkarouted.connector.validation.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.avro.functions;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A decoded value is what Spark's {@code from_avro} (spark-avro 4.1.1) makes of the same valid
 * value, type by type, so route expressions on {@code data.*} see what a user's {@code
 * from_avro(value, schema).alias("data")} would have given them.
 */
class AvroDecoderSparkParityTest {

  private static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"P\",\"fields\":["
          + "{\"name\":\"s\",\"type\":\"string\"},"
          + "{\"name\":\"b\",\"type\":\"boolean\"},"
          + "{\"name\":\"i\",\"type\":\"int\"},"
          + "{\"name\":\"l\",\"type\":\"long\"},"
          + "{\"name\":\"f\",\"type\":\"float\"},"
          + "{\"name\":\"d\",\"type\":\"double\"},"
          + "{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"LOW\",\"HIGH\"]}},"
          + "{\"name\":\"bin\",\"type\":\"bytes\"},"
          + "{\"name\":\"fx\",\"type\":{\"type\":\"fixed\",\"name\":\"F\",\"size\":3}},"
          + "{\"name\":\"dec\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":3}},"
          + "{\"name\":\"wide\",\"type\":{\"type\":\"fixed\",\"name\":\"W\",\"size\":16,\"logicalType\":\"decimal\",\"precision\":30,\"scale\":4}},"
          + "{\"name\":\"dt\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
          + "{\"name\":\"tsm\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
          + "{\"name\":\"tsu\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}},"
          + "{\"name\":\"ntz\",\"type\":{\"type\":\"long\",\"logicalType\":\"local-timestamp-millis\"}},"
          + "{\"name\":\"opt\",\"type\":[\"null\",\"string\"]},"
          + "{\"name\":\"num\",\"type\":[\"int\",\"long\"]},"
          + "{\"name\":\"fd\",\"type\":[\"null\",\"float\",\"double\"]},"
          + "{\"name\":\"u\",\"type\":[\"null\",\"string\",\"long\",{\"type\":\"record\",\"name\":\"M\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}]},"
          + "{\"name\":\"arr\",\"type\":{\"type\":\"array\",\"items\":[\"null\",\"int\"]}},"
          + "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":{\"type\":\"array\",\"items\":\"string\"}}},"
          + "{\"name\":\"rec\",\"type\":{\"type\":\"record\",\"name\":\"Inner\",\"fields\":["
          + "{\"name\":\"x\",\"type\":[\"null\",\"int\"]},{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}}]}}"
          + "]}";

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("avro-decoder-parity-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "America/New_York")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void decodedValuesAreWhatFromAvroMakesOfThem() throws IOException {
    Schema schema = new Schema.Parser().parse(SCHEMA);
    List<byte[]> values = new ArrayList<>();
    values.add(encode(schema, first(schema)));
    values.add(encode(schema, second(schema)));
    AvroFormat format = AvroFormat.plain(SCHEMA, "validation.avroSchema");
    StructType type = format.schema();
    boolean[] all = new boolean[type.fields().length];
    Arrays.fill(all, true);
    ValueDecoder decoder = format.newDecoder(DecodedFields.of(all, "America/New_York"));
    List<Row> expected =
        spark
            .createDataset(values, Encoders.BINARY())
            .select(functions.from_avro(org.apache.spark.sql.functions.col("value"), SCHEMA).alias("a"))
            .collectAsList();
    assertEquals(expected.get(0).schema().fields()[0].dataType(), type);
    for (int v = 0; v < values.size(); v++) {
      assertNull(decoder.decode(values.get(v)));
      Row ours = (Row) CatalystTypeConverters.createToScalaConverter(type).apply(decoder.decoded());
      Row theirs = expected.get(v).getStruct(0);
      for (int f = 0; f < type.fields().length; f++) {
        Object a = theirs.get(f);
        Object b = ours.get(f);
        String what = type.fields()[f].name() + " of value " + v;
        if (a instanceof byte[] bytes) {
          assertEquals(Arrays.toString(bytes), Arrays.toString((byte[]) b), what);
        } else {
          assertEquals(String.valueOf(a), String.valueOf(b), what);
        }
      }
    }
  }

  private static GenericRecord first(Schema schema) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("s", "h\u00e9llo \u2603 \ud83d\ude00");
    r.put("b", true);
    r.put("i", Integer.MIN_VALUE);
    r.put("l", Long.MAX_VALUE);
    r.put("f", 1.5f);
    r.put("d", -2.25e10);
    r.put("e", new GenericData.EnumSymbol(schema.getField("e").schema(), "HIGH"));
    r.put("bin", ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xFF}));
    r.put("fx", new GenericData.Fixed(schema.getField("fx").schema(), new byte[] {9, 8, 7}));
    r.put("dec", decimalBytes(schema, "dec", new BigDecimal("-1234567.891")));
    r.put("wide", decimalFixed(schema, "wide", new BigDecimal("12345678901234567890123456.7891")));
    r.put("dt", 19_782); // 2024-02-29
    r.put("tsm", 1_717_245_296_123L);
    r.put("tsu", 1_717_245_296_123_456L);
    r.put("ntz", 946_684_799_500L);
    r.put("opt", "present");
    r.put("num", 7);
    r.put("fd", 2.5f);
    Schema m = schema.getField("u").schema().getTypes().get(3);
    GenericRecord member = new GenericData.Record(m);
    member.put("a", 42);
    r.put("u", member);
    r.put("arr", Arrays.asList(1, null, 3));
    r.put("m", Map.of("x", List.of("a", "b")));
    r.put("rec", inner(schema, 5, List.of("t1", "t2")));
    return r;
  }

  private static GenericRecord second(Schema schema) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("s", "");
    r.put("b", false);
    r.put("i", 0);
    r.put("l", -1L);
    r.put("f", Float.NaN);
    r.put("d", Double.NEGATIVE_INFINITY);
    r.put("e", new GenericData.EnumSymbol(schema.getField("e").schema(), "LOW"));
    r.put("bin", ByteBuffer.wrap(new byte[0]));
    r.put("fx", new GenericData.Fixed(schema.getField("fx").schema(), new byte[] {0, 0, 0}));
    r.put("dec", decimalBytes(schema, "dec", new BigDecimal("0.001")));
    r.put("wide", decimalFixed(schema, "wide", new BigDecimal("-0.0001")));
    r.put("dt", -719_162); // 0001-01-01
    r.put("tsm", -1L);
    r.put("tsu", 0L);
    r.put("ntz", 0L);
    r.put("opt", null);
    r.put("num", 1L << 40);
    r.put("fd", null);
    r.put("u", "text");
    r.put("arr", List.of());
    r.put("m", Map.of());
    r.put("rec", inner(schema, null, List.of()));
    return r;
  }

  private static GenericRecord inner(Schema schema, Integer x, List<String> tags) {
    GenericRecord inner = new GenericData.Record(schema.getField("rec").schema());
    inner.put("x", x);
    inner.put("tags", tags);
    return inner;
  }

  private static ByteBuffer decimalBytes(Schema schema, String field, BigDecimal value) {
    Schema s = schema.getField(field).schema();
    return new Conversions.DecimalConversion().toBytes(value, s, LogicalTypes.fromSchema(s));
  }

  private static org.apache.avro.generic.GenericFixed decimalFixed(Schema schema, String field, BigDecimal value) {
    Schema s = schema.getField(field).schema();
    return new Conversions.DecimalConversion().toFixed(value, s, LogicalTypes.fromSchema(s));
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
