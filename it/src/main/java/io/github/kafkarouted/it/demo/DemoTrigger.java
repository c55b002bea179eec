package io.github.kafkarouted.it.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.streaming.Trigger;

/** The Spark trigger the demo's query runs under ({@code --trigger}). Immutable. */
public enum DemoTrigger {
  /** Real-Time Mode: long batches whose tasks process each record as it arrives. */
  REALTIME("realtime"),
  /** Spark's default micro-batch trigger: the next batch starts when the previous one ends. */
  MICROBATCH("microbatch"),
  /** Continuous processing with 1 s epochs. No joins: enrichment is a map lookup instead. */
  CONTINUOUS("continuous");

  private final String flagValue;

  DemoTrigger(String flagValue) {
    this.flagValue = flagValue;
  }

  /** The spelling on the command line. */
  public String flagValue() {
    return flagValue;
  }

  /** The Spark trigger; {@code realTimeBatch} is used only by {@link #REALTIME}. */
  public Trigger sparkTrigger(Duration realTimeBatch) {
    return switch (this) {
      case REALTIME -> Trigger.RealTime(realTimeBatch.toMillis());
      case MICROBATCH -> Trigger.ProcessingTime(0L);
      case CONTINUOUS -> Trigger.Continuous(1000L);
    };
  }

  /** Whether the query can hold a stream-static join (continuous processing cannot). */
  public boolean supportsJoin() {
    return this != CONTINUOUS;
  }

  /** Whether the query's tasks hold one slot per source partition for a long time. */
  public boolean holdsSlotPerPartition() {
    return this != MICROBATCH;
  }

  static DemoTrigger parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (DemoTrigger t : values()) {
      if (t.flagValue.equals(v) || t.name().equalsIgnoreCase(v)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "--trigger must be one of "
            + Arrays.stream(values()).map(DemoTrigger::flagValue).collect(Collectors.joining(", "))
            + "; got '" + value + "'");
  }
}
