package io.github.kafkarouted.it.connector;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Avro values of {@link AvroValueRoutingIntegrationTest}: valid events written field by field
 * in Avro's binary encoding, and a corpus of malformed ones, each one broken part of an otherwise
 * valid event. A few messages are pinned here by hand; the test checks every other one against
 * the format itself.
 */
final class AvroCorpus {

  static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"seeds\",\"fields\":["
          + "{\"name\":\"event_id\",\"type\":\"string\"},"
          + "{\"name\":\"priority\",\"type\":{\"type\":\"enum\",\"name\":\"Priority\",\"symbols\":[\"low\",\"high\"]}},"
          + "{\"name\":\"event_type\",\"type\":\"string\"},"
          + "{\"name\":\"region\",\"type\":[\"null\",\"string\"],\"default\":null},"
          + "{\"name\":\"amount\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}},"
          + "{\"name\":\"flag\",\"type\":\"boolean\"},"
          + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
          + "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"values\":\"long\"}}]}";

  private static final byte[] FF4 = {-1, -1, -1, -1};

  private AvroCorpus() {}

  /** An event: {@code amountCents} is the decimal(10,2) amount's unscaled value. */
  static byte[] event(String id, String priority, String type, String region, long amountCents, boolean flag) {
    return concat(parts(id, priority, type, region, amountCents, flag));
  }

  private static byte[][] parts(String id, String priority, String type, String region, long amountCents, boolean flag) {
    byte[] unscaled = BigInteger.valueOf(amountCents).toByteArray();
    return new byte[][] {
      str(id),
      varint(priority.equals("high") ? 1 : 0),
      str(type),
      region == null ? varint(0) : concat(varint(1), str(region)),
      concat(varint(unscaled.length), unscaled),
      new byte[] {(byte) (flag ? 1 : 0)},
      concat(varint(1), str("t"), varint(0)),
      concat(varint(1), str("n"), varint(amountCents), varint(0))
    };
  }

  /** 28 bytes: event_id 0-3, priority 4, event_type 5-10, region 11-14, amount 15-16, flag 17, tags 18-21, attrs 22-27. */
  private static byte[][] base() {
    return parts("bad", "low", "click", "eu", 100, true);
  }

  private static byte[] replace(int part, byte[] with) {
    byte[][] p = base();
    p[part] = with;
    return concat(p);
  }

  static List<byte[]> plainCorpus() {
    byte[] base = concat(base());
    List<byte[]> c = new ArrayList<>();
    c.add(null);
    c.add(new byte[0]);
    c.add(Arrays.copyOf(base, base.length - 1));
    c.add(Arrays.copyOf(base, base.length - 2)); // inside the last varint
    c.add(concat(base, new byte[] {0}));
    c.add(concat(base, "junk".getBytes(StandardCharsets.UTF_8)));
    c.add(replace(0, concat(varint(-1), utf8("bad"))));
    c.add(replace(0, concat(varint(Integer.MAX_VALUE), utf8("bad"))));
    c.add(replace(0, concat(varint(1L << 40), utf8("bad"))));
    c.add(replace(0, concat(varint(2), new byte[] {(byte) 0xC3, 0x28})));
    c.add(replace(0, concat(varint(2), new byte[] {(byte) 0xC0, (byte) 0xAF}))); // overlong '/'
    c.add(replace(1, varint(5)));
    c.add(replace(1, varint(-1)));
    c.add(replace(1, concat(FF4, new byte[] {0x1F}))); // an int wider than 32 bits
    c.add(replace(3, varint(2)));
    c.add(replace(3, varint(-1)));
    c.add(replace(4, concat(varint(5), BigInteger.valueOf(99_999_999_999L).toByteArray()))); // 11 digits
    c.add(replace(4, varint(0)));
    c.add(replace(5, new byte[] {2}));
    c.add(replace(6, concat(varint(1L << 30), str("t"), varint(0))));
    c.add(replace(6, concat(varint(Long.MIN_VALUE), str("t"), varint(0))));
    c.add(replace(6, concat(varint(-1), varint(1), str("t"), varint(0)))); // block size 1, item 2 bytes
    c.add(replace(7, concat(varint(2), str("n"), varint(1), str("n"), varint(2), varint(0))));
    c.add(replace(7, concat(varint(1), varint(1), new byte[] {(byte) 0xFF}, varint(1), varint(0))));
    c.add(replace(7, concat(varint(1), str("n"), FF4, FF4, new byte[] {-1, 0x7F}, varint(0)))); // a 10-byte long past 64 bits
    return c;
  }

  static List<byte[]> framedCorpus(int schemaId) {
    List<byte[]> c = new ArrayList<>();
    for (byte[] body : plainCorpus()) {
      c.add(body == null ? null : frame(schemaId, body));
    }
    byte[] base = concat(base());
    byte[] wrongMagic = frame(schemaId, base);
    wrongMagic[0] = 1;
    c.add(wrongMagic);
    c.add(new byte[] {0, 0});
    c.add(frame(7, base));
    c.add(base); // plain Avro where the wire format is expected
    return c;
  }

  static byte[] frame(int schemaId, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
  }

  /** The message pinned by hand for {@code value}, or null where only the format's own is checked. */
  static String expectedMessage(byte[] value, boolean confluent) {
    Map<String, String> pinned = new HashMap<>();
    if (confluent) {
      byte[] wrongMagic = frame(42, concat(base()));
      wrongMagic[0] = 1;
      pinned.put(Arrays.toString(wrongMagic), "wrong magic byte 0x01: the Confluent wire format starts with 0x00,"
          + " then a 4-byte schema id and the Avro binary");
      pinned.put(Arrays.toString(frame(7, concat(base()))), "schema id 7 is not one the sink can resolve: not in"
          + " validation.avroSchemaIds [42] (no schema registry is configured)");
      pinned.put(Arrays.toString((byte[]) null), "value is null: expected an Avro record in the Confluent wire format");
    } else {
      pinned.put(Arrays.toString(replace(1, varint(5))),
          "field 'priority': enum symbol index 5 at byte 4 is out of range (the enum has 2 symbols)");
      pinned.put(Arrays.toString(replace(3, varint(2))),
          "field 'region': union branch index 2 at byte 11 is out of range (the union has 2 branches)");
      pinned.put(Arrays.toString(replace(5, new byte[] {2})),
          "field 'flag': invalid boolean byte 0x02 at byte 17 (expected 0 or 1)");
      pinned.put(Arrays.toString(concat(concat(base()), new byte[] {0})),
          "trailing bytes after the Avro record: 1 bytes from byte 28 of 29");
      pinned.put(Arrays.toString(replace(0, concat(varint(Integer.MAX_VALUE), utf8("bad")))),
          "field 'event_id': declared string length 2147483647 at byte 0 exceeds the 27 bytes left");
      pinned.put(Arrays.toString(replace(7, concat(varint(2), str("n"), varint(1), str("n"), varint(2), varint(0)))),
          "field 'attrs[\"n\"]' appears more than once (duplicate map key)");
      pinned.put(Arrays.toString((byte[]) null), "value is null: expected an Avro record");
    }
    return pinned.get(Arrays.toString(value));
  }

  static byte[] str(String s) {
    byte[] b = utf8(s);
    return concat(varint(b.length), b);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Avro's zig-zag varint. */
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

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
