package io.github.kafkarouted.benchmarks.e2e;

import java.nio.charset.StandardCharsets;

/**
 * The harness's input records: JSON values of {@link #VALUE_BYTES} bytes that carry their send time
 * ({@code "sent_ms"}, wall-clock milliseconds, also the record's Kafka CreateTime) and sequence
 * number. Kinds cycle {@code order} 40%, {@code payment} 30%, {@code refund} 20%, {@code other}
 * 10%, so each of the routed sinks' 3 routes and its default topic get records. One record in
 * {@link #INVALID_EVERY} has a string {@code user_id}, which {@link #SCHEMA_DDL} refuses: the
 * routed sinks write it as a dead letter; the stock sink copies it like any other.
 *
 * <p>Stateless and thread-safe.
 */
public final class StampedEvents {
  /** Size of every value, valid or not. */
  public static final int VALUE_BYTES = 200;

  /** Record {@code seq} is invalid when {@code seq % INVALID_EVERY == INVALID_EVERY - 1} (0.5%). */
  public static final int INVALID_EVERY = 200;

  /** What the routed sinks accept (strict: no undeclared fields). */
  public static final String SCHEMA_DDL =
      "event_id STRING NOT NULL, user_id BIGINT NOT NULL, kind STRING NOT NULL,"
          + " region STRING NOT NULL, amount DECIMAL(10,2) NOT NULL, sent_ms BIGINT NOT NULL,"
          + " seq BIGINT NOT NULL, note STRING";

  private static final String[] KINDS = {
    "order", "order", "order", "order", "payment", "payment", "payment", "refund", "refund", "other"
  };
  private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-south-1"};
  private static final byte[] SENT_FIELD = "\"sent_ms\":".getBytes(StandardCharsets.US_ASCII);

  private StampedEvents() {}

  /** Whether record {@code seq} is one the routed sinks refuse. */
  public static boolean invalid(long seq) {
    return seq % INVALID_EVERY == INVALID_EVERY - 1;
  }

  /** The kind of record {@code seq}: {@code order}, {@code payment}, {@code refund} or {@code other}. */
  public static String kind(long seq) {
    return KINDS[(int) (seq % KINDS.length)];
  }

  /** The value of record {@code seq} sent at {@code sentMillis}, exactly {@link #VALUE_BYTES} long. */
  public static byte[] value(long seq, long sentMillis) {
    long user = 100_000 + (seq * 7919) % 900_000;
    String userField = invalid(seq) ? "\"u-" + user + "\"" : Long.toString(user);
    String head =
        "{\"event_id\":\"evt-" + seq
            + "\",\"user_id\":" + userField
            + ",\"kind\":\"" + kind(seq)
            + "\",\"region\":\"" + REGIONS[(int) (seq % REGIONS.length)]
            + "\",\"amount\":" + (seq % 200_000) / 100 + "." + String.format("%02d", seq % 100)
            + ",\"sent_ms\":" + sentMillis
            + ",\"seq\":" + seq
            + ",\"note\":\"";
    int padding = VALUE_BYTES - head.length() - 2;
    if (padding < 0) {
      throw new IllegalStateException("record " + seq + " does not fit in " + VALUE_BYTES + " bytes");
    }
    return (head + "x".repeat(padding) + "\"}").getBytes(StandardCharsets.US_ASCII);
  }

  /** The {@code "sent_ms"} number in a value written by {@link #value}; -1 if absent. */
  public static long sentMillis(byte[] value) {
    if (value == null) {
      return -1;
    }
    outer:
    for (int i = 0; i + SENT_FIELD.length < value.length; i++) {
      for (int j = 0; j < SENT_FIELD.length; j++) {
        if (value[i + j] != SENT_FIELD[j]) {
          continue outer;
        }
      }
      long ms = 0;
      int digits = 0;
      for (int k = i + SENT_FIELD.length; k < value.length && value[k] >= '0' && value[k] <= '9' && digits < 18; k++) {
        ms = ms * 10 + (value[k] - '0');
        digits++;
      }
      return digits == 0 ? -1 : ms;
    }
    return -1;
  }
}
