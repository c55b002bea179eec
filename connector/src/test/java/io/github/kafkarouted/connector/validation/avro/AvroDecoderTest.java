package io.github.kafkarouted.connector.validation.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The strict Avro decoder without Spark: a valid value (written by Avro's own writer) decodes, and
 * each of a corpus of malformed values is refused with its exact message, naming the field.
 */
class AvroDecoderTest {

  static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"E\",\"namespace\":\"t\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},"
          + "{\"name\":\"kind\",\"type\":{\"type\":\"enum\",\"name\":\"K\",\"symbols\":[\"A\",\"B\",\"C\"]}},"
          + "{\"name\":\"n\",\"type\":\"int\"},"
          + "{\"name\":\"big\",\"type\":\"long\"},"
          + "{\"name\":\"ok\",\"type\":\"boolean\"},"
          + "{\"name\":\"opt\",\"type\":[\"null\",\"string\"]},"
          + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
          + "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"values\":\"int\"}},"
          + "{\"name\":\"u\",\"type\":[\"string\",\"long\",\"bytes\"]},"
          + "{\"name\":\"amt\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":5,\"scale\":2}},"
          + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
          + "{\"name\":\"fx\",\"type\":{\"type\":\"fixed\",\"name\":\"F\",\"size\":2}}]}";

  /**
   * The valid value, byte by byte: id "ab" (0-2), kind B (3), n 1 (4), big 2 (5), ok (6), opt null
   * (7), tags ["x"] (8-11), attrs {k: 1} (12-16), u "s" (17-19), amt 1.23 (20-21), ts 1000 (22-23),
   * fx [1, 2] (24-25).
   */
  static final byte[] VALID = {
    4, 'a', 'b', 2, 2, 4, 1, 0, 2, 2, 'x', 0, 2, 2, 'k', 2, 0, 0, 2, 's', 2, 123, (byte) 0xD0, 0x0F, 1, 2
  };

  private static final AvroFormat PLAIN = AvroFormat.plain(SCHEMA, "validation.avroSchema");
  private static final AvroFormat CONFLUENT =
      AvroFormat.confluent(SCHEMA, "validation.avroSchema", new int[] {7, 3});

  @Test
  void theHandWrittenValueIsWhatAvroWrites() throws IOException {
    Schema schema = new Schema.Parser().parse(SCHEMA);
    GenericRecord r = new GenericData.Record(schema);
    r.put("id", "ab");
    r.put("kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), "B"));
    r.put("n", 1);
    r.put("big", 2L);
    r.put("ok", true);
    r.put("opt", null);
    r.put("tags", List.of("x"));
    r.put("attrs", Map.of("k", 1));
    r.put("u", "s");
    r.put("amt", ByteBuffer.wrap(new byte[] {123}));
    r.put("ts", 1000L);
    r.put("fx", new GenericData.Fixed(schema.getField("fx").schema(), new byte[] {1, 2}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(r, encoder);
    encoder.flush();
    assertArrayEquals(out.toByteArray(), VALID);
  }

  @Test
  void aValidValueDecodesIntoTheRow() {
    ValueDecoder decoder = PLAIN.newDecoder(all());
    assertNull(decoder.decode(VALID));
    InternalRow row = decoder.decoded();
    assertEquals("ab", row.getUTF8String(0).toString());
    assertEquals("B", row.getUTF8String(1).toString());
    assertEquals(1, row.getInt(2));
    assertEquals(2L, row.getLong(3));
    assertTrue(row.getBoolean(4));
    assertTrue(row.isNullAt(5));
    assertEquals("x", row.getArray(6).getUTF8String(0).toString());
    assertEquals("k", row.getMap(7).keyArray().getUTF8String(0).toString());
    assertEquals(1, row.getMap(7).valueArray().getInt(0));
    assertEquals("s", row.getStruct(8, 3).getUTF8String(0).toString());
    assertTrue(row.getStruct(8, 3).isNullAt(1));
    assertEquals("1.23", row.getDecimal(9, 5, 2).toString());
    assertEquals(1_000_000L, row.getLong(10));
    assertArrayEquals(new byte[] {1, 2}, row.getBinary(11));
  }

  /** Spark 4.2's from_avro gives time-micros as TIME(6), nanoseconds of the day; 4.1's as BIGINT micros. */
  @Test
  void timeMicrosIsWhatFromAvroGivesOnThisSparkLine() {
    AvroFormat time =
        AvroFormat.plain("{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"t\","
            + "\"type\":{\"type\":\"long\",\"logicalType\":\"time-micros\"}}]}", "validation.avroSchema");
    ValueDecoder decoder = time.newDecoder(all());
    assertNull(decoder.decode(new byte[] {(byte) 0x80, (byte) 0x89, 0x7a})); // zig-zag varint of 1,000,000 µs
    long expected = AvroSchemaCompiler.TIME_MICROS_AS_TIME ? 1_000_000_000L : 1_000_000L;
    assertEquals(expected, decoder.decoded().getLong(0));
    assertTrue(AvroSchemaCompiler.atLeast("4.2.0", 4, 2) && AvroSchemaCompiler.atLeast("5.0.1", 4, 2));
    assertTrue(!AvroSchemaCompiler.atLeast("4.1.1", 4, 2) && AvroSchemaCompiler.atLeast("4.2.0-SNAPSHOT", 4, 2));
  }

  @Test
  void onlyTheFieldsRoutesReadAreStoredAndTheReusedRowKeepsNoneOfThePreviousValue() {
    ValueDecoder decoder = PLAIN.newDecoder(DecodedFields.of(new boolean[] {false, true}, "UTC"));
    assertNull(decoder.decode(VALID));
    assertTrue(decoder.decoded().isNullAt(0), "id is not read: never materialized");
    assertEquals("B", decoder.decoded().getUTF8String(1).toString());
    assertTrue(decoder.decoded().isNullAt(2));
    ValueDecoder allFields = PLAIN.newDecoder(all());
    assertNull(allFields.decode(VALID));
    byte[] withOpt = with(VALID, 7, new byte[] {2, 2, 'y'}, 1);
    assertNull(allFields.decode(withOpt));
    assertEquals("y", allFields.decoded().getUTF8String(5).toString());
    assertNull(allFields.decode(VALID));
    assertTrue(allFields.decoded().isNullAt(5), "opt is null again: the row must not keep 'y'");
  }

  @Test
  void theWireFormatHeaderIsCheckedThenSkipped() {
    byte[] framed = new byte[VALID.length + 5];
    framed[4] = 3;
    System.arraycopy(VALID, 0, framed, 5, VALID.length);
    assertNull(CONFLUENT.newDecoder(all()).decode(framed));
    assertNull(
        AvroFormat.confluent(SCHEMA, "validation.avroSchema", null).validate(id(framed, 123456)),
        "without validation.avroSchemaIds any id is read with the one schema");
  }

  static Stream<Arguments> malformed() {
    byte[] v = VALID;
    return Stream.of(
        bad("empty value", new byte[0],
            "field 'id': truncated: the value ends at byte 0 while reading a string length"),
        bad("cut inside a string", cut(v, 2),
            "field 'id': declared string length 2 at byte 0 exceeds the 1 bytes left"),
        bad("cut inside the last fixed", cut(v, 25),
            "field 'fx': truncated: the value ends at byte 25 while reading a fixed of 2 bytes"),
        bad("cut inside a varint", cut(v, 23),
            "field 'ts': truncated: the value ends at byte 23 while reading a long"),
        bad("trailing byte", with(v, 26, new byte[] {0}, 0),
            "trailing bytes after the Avro record: 1 bytes from byte 26 of 27"),
        bad("enum index out of range", with(v, 3, new byte[] {6}, 1),
            "field 'kind': enum symbol index 3 at byte 3 is out of range (the enum has 3 symbols)"),
        bad("negative enum index", with(v, 3, new byte[] {1}, 1),
            "field 'kind': enum symbol index -1 at byte 3 is out of range (the enum has 3 symbols)"),
        bad("union index out of range", with(v, 7, new byte[] {4}, 1),
            "field 'opt': union branch index 2 at byte 7 is out of range (the union has 2 branches)"),
        bad("negative union index", with(v, 17, new byte[] {3}, 1),
            "field 'u': union branch index -2 at byte 17 is out of range (the union has 3 branches)"),
        bad("string not UTF-8", with(v, 1, new byte[] {(byte) 0xFF}, 1),
            "field 'id': string is not valid UTF-8 (byte 0xff at offset 0 of the string, byte 1 of the value)"),
        bad("lone continuation byte in an array item", with(v, 10, new byte[] {(byte) 0x80}, 1),
            "field 'tags[0]': string is not valid UTF-8 (byte 0x80 at offset 0 of the string, byte 10 of the value)"),
        bad("UTF-16 surrogate in a string", with(v, 0, new byte[] {6, (byte) 0xED, (byte) 0xA0, (byte) 0x80}, 3),
            "field 'id': string is not valid UTF-8 (byte 0xed at offset 0 of the string, byte 1 of the value)"),
        bad("negative string length", with(v, 0, new byte[] {1}, 1),
            "field 'id': negative string length -1 at byte 0"),
        bad("declared length of 2 GB", with(v, 0, varint(Integer.MAX_VALUE), 1),
            "field 'id': declared string length 2147483647 at byte 0 exceeds the 25 bytes left"),
        bad("declared length of 1 TB", with(v, 0, varint(1L << 40), 1),
            "field 'id': declared string length 1099511627776 at byte 0 exceeds the 25 bytes left"),
        bad("boolean byte 2", with(v, 6, new byte[] {2}, 1),
            "field 'ok': invalid boolean byte 0x02 at byte 6 (expected 0 or 1)"),
        bad("int wider than 32 bits", with(v, 4, new byte[] {-1, -1, -1, -1, 0x1F}, 1),
            "field 'n': invalid int encoding at byte 4 (a varint wider than 32 bits)"),
        bad("long wider than 64 bits", with(v, 5, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, 0x7F}, 1),
            "field 'big': invalid long encoding at byte 5 (a varint wider than 64 bits)"),
        bad("array block of a billion items", with(v, 8, varint(1L << 30), 1),
            "field 'tags': array block count 1073741824 at byte 8 is more items than the 17 bytes left can hold"),
        bad("array block count Long.MIN_VALUE", with(v, 8, varint(Long.MIN_VALUE), 1),
            "field 'tags': array block count -9223372036854775808 at byte 8 is out of range"),
        bad("array block size beyond the value", with(v, 8, new byte[] {1, (byte) 200, 1}, 1),
            "field 'tags': array block size 100 at byte 9 is negative or exceeds the 17 bytes left"),
        bad("array block size that does not match its items", with(v, 8, new byte[] {1, 2}, 1),
            "field 'tags': array block at byte 8 declares a size of 1 bytes, but its items take 2"),
        bad("map key twice", with(v, 12, new byte[] {4, 2, 'k', 2, 2, 'k', 4}, 5),
            "field 'attrs[\"k\"]' appears more than once (duplicate map key)"),
        bad("map key not UTF-8", with(v, 14, new byte[] {(byte) 0xC0}, 1),
            "field 'attrs[0]': map key is not valid UTF-8 (byte 0xc0 at byte 14)"),
        bad("map value truncated", cut(v, 15),
            "field 'attrs[\"k\"]': truncated: the value ends at byte 15 while reading an int"),
        bad("decimal with more digits than its precision", with(v, 20, new byte[] {6, 0x0F, 0x42, 0x40}, 2),
            "field 'amt': decimal(5,2) value 10000.00 has more than 5 digits"),
        bad("decimal of no bytes", with(v, 20, new byte[] {0}, 2),
            "field 'amt': decimal(5,2) has no bytes"),
        bad("timestamp-millis beyond Spark's range", with(v, 22, varint(Long.MAX_VALUE / 10), 2),
            "field 'ts': timestamp-millis 922337203685477580 is outside the range of Spark's type"),
        bad("union member truncated", cut(v, 19),
            "field 'u.member0': declared string length 1 at byte 18 exceeds the 0 bytes left"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedValueIsRefusedWithAMessageNamingTheField(String name, byte[] value, String message) {
    assertEquals(message, PLAIN.newDecoder(all()).decode(value), "decoding " + name);
    assertEquals(message, PLAIN.validate(value), "validating " + name);
    byte[] framed = new byte[value.length + 5];
    framed[4] = 7;
    System.arraycopy(value, 0, framed, 5, value.length);
    String shifted = CONFLUENT.validate(framed);
    assertTrue(shifted != null && !shifted.isEmpty(), "the same body in the wire format: " + name);
  }

  static Stream<Arguments> malformedFrames() {
    byte[] framed = new byte[VALID.length + 5];
    framed[4] = 3;
    System.arraycopy(VALID, 0, framed, 5, VALID.length);
    byte[] wrongMagic = framed.clone();
    wrongMagic[0] = '{';
    return Stream.of(
        bad("null value", null, "value is null: expected an Avro record in the Confluent wire format"),
        bad("shorter than the header", new byte[] {0, 0, 0}, "value has 3 bytes, fewer than the 5 of the"
            + " Confluent wire format header (magic byte 0, 4-byte schema id)"),
        bad("wrong magic byte", wrongMagic, "wrong magic byte 0x7b: the Confluent wire format starts with"
            + " 0x00, then a 4-byte schema id and the Avro binary"),
        bad("plain Avro without the header", VALID, "wrong magic byte 0x04: the Confluent wire format"
            + " starts with 0x00, then a 4-byte schema id and the Avro binary"),
        bad("unknown schema id", id(framed, 42), "schema id 42 is not one the sink can resolve: not in"
            + " validation.avroSchemaIds [3, 7] (no schema registry is configured)"),
        bad("negative schema id", id(framed, -1), "schema id -1 is not one the sink can resolve: not in"
            + " validation.avroSchemaIds [3, 7] (no schema registry is configured)"),
        bad("header only", cut(framed, 5),
            "field 'id': truncated: the value ends at byte 5 while reading a string length"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFrames")
  void aMalformedFrameIsRefusedNamingTheProblem(String name, byte[] value, String message) {
    assertEquals(message, CONFLUENT.newDecoder(all()).decode(value));
  }

  @Test
  void aNullPlainValueIsRefused() {
    assertEquals("value is null: expected an Avro record", PLAIN.validate(null));
  }

  private static Arguments bad(String name, byte[] value, String message) {
    return Arguments.of(name, value, message);
  }

  private static DecodedFields all() {
    boolean[] read = new boolean[PLAIN.schema().fields().length];
    java.util.Arrays.fill(read, true);
    return DecodedFields.of(read, "UTC");
  }

  static byte[] cut(byte[] v, int length) {
    return java.util.Arrays.copyOf(v, length);
  }

  /** {@code v} with {@code replaced} bytes at {@code at} replaced by {@code insert}. */
  static byte[] with(byte[] v, int at, byte[] insert, int replaced) {
    byte[] out = new byte[v.length - replaced + insert.length];
    System.arraycopy(v, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(v, at + replaced, out, at + insert.length, v.length - at - replaced);
    return out;
  }

  static byte[] id(byte[] framed, int id) {
    byte[] out = framed.clone();
    ByteBuffer.wrap(out, 1, 4).putInt(id);
    return out;
  }

  /** Avro's zig-zag varint of {@code n}. */
  static byte[] varint(long n) {
    long z = (n << 1) ^ (n >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }
}
