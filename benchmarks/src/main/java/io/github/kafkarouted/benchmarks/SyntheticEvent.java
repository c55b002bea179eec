package io.github.kafkarouted.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One synthetic input event of the benchmarks: a typical 5-field JSON event ({@link #SCHEMA_DDL})
 * plus the columns a Kafka-to-Kafka query carries next to it (key, region, source coordinates).
 * {@link #generate} makes the same events for the same seed, so every run measures the same input.
 *
 * <p>Immutable and thread-safe.
 *
 * @param eventId {@code e-00000042}
 * @param userId 1 to 1,000,000; also the record key
 * @param kind order (40%), payment (30%), click (20%) or refund (10%)
 * @param amountCents 1 to 200,000 (0.01 to 2,000.00)
 * @param timestamp in November 2026, millisecond precision
 * @param region eu, us or apac
 * @param sourcePartition 0 to 3 (the event was read from topic {@value #SOURCE_TOPIC})
 * @param sourceOffset the event's offset in its source partition
 */
public record SyntheticEvent(
    String eventId,
    long userId,
    String kind,
    long amountCents,
    Instant timestamp,
    String region,
    int sourcePartition,
    long sourceOffset) {

  /** The schema of {@link #json()}, as a Spark DDL string (for {@code validation.schema}). */
  public static final String SCHEMA_DDL =
      "event_id STRING NOT NULL, user_id BIGINT NOT NULL, kind STRING NOT NULL,"
          + " amount DECIMAL(10,2), ts TIMESTAMP NOT NULL";

  /** The Avro schema of {@link #avroBytes()}: the fields and types of {@link #SCHEMA_DDL}. */
  public static final String AVRO_SCHEMA =
      "{\"type\":\"record\",\"name\":\"Event\",\"fields\":["
          + "{\"name\":\"event_id\",\"type\":\"string\"},{\"name\":\"user_id\",\"type\":\"long\"},"
          + "{\"name\":\"kind\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":[\"null\","
          + "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}]},"
          + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}]}";

  /** The topic the events were read from. */
  public static final String SOURCE_TOPIC = "events";

  /** Source partitions the events are spread over. */
  public static final int SOURCE_PARTITIONS = 4;

  private static final String[] KINDS = {"order", "payment", "click", "refund"};
  private static final int[] KIND_PERCENT = {40, 30, 20, 10};
  private static final String[] REGIONS = {"eu", "us", "apac"};
  private static final Instant START = Instant.parse("2026-11-02T10:15:30Z");

  /** {@code count} events from {@code seed}; the same seed always gives the same events. */
  public static List<SyntheticEvent> generate(long seed, int count) {
    Random random = new Random(seed);
    List<SyntheticEvent> events = new ArrayList<>(count);
    long[] offsets = new long[SOURCE_PARTITIONS];
    for (int i = 0; i < count; i++) {
      int partition = random.nextInt(SOURCE_PARTITIONS);
      events.add(
          new SyntheticEvent(
              String.format("e-%08d", i),
              1 + random.nextInt(1_000_000),
              kind(random.nextInt(100)),
              1 + random.nextInt(200_000),
              START.plusMillis(i * 7L + random.nextInt(7)),
              REGIONS[random.nextInt(REGIONS.length)],
              partition,
              offsets[partition]++));
    }
    return events;
  }

  private static String kind(int percentile) {
    int bound = 0;
    for (int k = 0; k < KINDS.length; k++) {
      bound += KIND_PERCENT[k];
      if (percentile < bound) {
        return KINDS[k];
      }
    }
    throw new AssertionError(percentile);
  }

  /** The record key: the user id in decimal, UTF-8. */
  public byte[] key() {
    return Long.toString(userId).getBytes(StandardCharsets.UTF_8);
  }

  /** The amount as a JSON number with two decimals, e.g. {@code 123.40}. */
  public String amount() {
    return String.format("%d.%02d", amountCents / 100, amountCents % 100);
  }

  /** The amount as a double, for the query column {@code amount}. */
  public double amountValue() {
    return amountCents / 100.0;
  }

  /** The event as a JSON object matching {@link #SCHEMA_DDL} (about 110 bytes). */
  public String json() {
    return "{\"event_id\":\""
        + eventId
        + "\",\"user_id\":"
        + userId
        + ",\"kind\":\""
        + kind
        + "\",\"amount\":"
        + amount()
        + ",\"ts\":\""
        + timestamp
        + "\"}";
  }

  /** {@link #json()} as UTF-8 bytes. */
  public byte[] jsonBytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A value that {@link #SCHEMA_DDL} rejects, one of five typical mistakes chosen by {@code
   * variant}: the user id as a string, the timestamp missing, three decimals in the amount, an
   * undeclared field, or JSON cut short.
   */
  public byte[] invalidJsonBytes(int variant) {
    String valid = json();
    String invalid =
        switch (Math.floorMod(variant, 5)) {
          case 0 -> valid.replace("\"user_id\":" + userId, "\"user_id\":\"" + userId + "\"");
          case 1 -> valid.substring(0, valid.indexOf(",\"ts\":")) + "}";
          case 2 -> valid.replace("\"amount\":" + amount(), "\"amount\":" + amount() + "5");
          case 3 -> valid.substring(0, valid.length() - 1) + ",\"channel\":\"web\"}";
          default -> valid.substring(0, valid.length() / 2);
        };
    return invalid.getBytes(StandardCharsets.UTF_8);
  }

  /** The event in Avro binary, written with {@link #AVRO_SCHEMA} (about 35 bytes). */
  public byte[] avroBytes() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(48);
    writeString(out, eventId);
    writeLong(out, userId);
    writeString(out, kind);
    writeLong(out, 1); // union branch 1: the decimal
    byte[] unscaled = java.math.BigInteger.valueOf(amountCents).toByteArray();
    writeLong(out, unscaled.length);
    out.writeBytes(unscaled);
    writeLong(out, timestamp.toEpochMilli());
    return out.toByteArray();
  }

  private static void writeString(java.io.ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeLong(out, bytes.length);
    out.writeBytes(bytes);
  }

  /** Avro's zig-zag varint. */
  private static void writeLong(java.io.ByteArrayOutputStream out, long n) {
    long z = (n << 1) ^ (n >> 63);
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
  }
}
