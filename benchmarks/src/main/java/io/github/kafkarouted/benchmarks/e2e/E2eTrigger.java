package io.github.kafkarouted.benchmarks.e2e;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.Trigger;

/** The triggers of the latency matrix. Immutable. */
public enum E2eTrigger {
  /** No {@code .trigger(...)} call: Spark's default (a micro-batch as soon as the previous one ends). */
  MICROBATCH_DEFAULT("microbatch-default"),
  /** {@code Trigger.ProcessingTime(0)}: spelled out, the same schedule as the default. */
  PROCESSING_TIME_0("processingtime-0"),
  /** {@code Trigger.Continuous("1 second")}: continuous processing, 1 s epochs. */
  CONTINUOUS_1S("continuous-1s"),
  /** {@code Trigger.RealTime("5 seconds")}: Real-Time Mode, short batches (a commit every 5 s). */
  REALTIME_5S("realtime-5s"),
  /** {@code Trigger.RealTime("5 minutes")}: Real-Time Mode's default batch length. */
  REALTIME_5MIN("realtime-5min");

  private final String label;

  E2eTrigger(String label) {
    this.label = label;
  }

  /** The name in reports and on the command line. */
  public String label() {
    return label;
  }

  /** Whether the query's tasks hold one slot per source partition (continuous and Real-Time Mode). */
  public boolean longRunningTasks() {
    return this == CONTINUOUS_1S || this == REALTIME_5S || this == REALTIME_5MIN;
  }

  /** Sets the trigger and the output mode it needs (Real-Time Mode accepts only {@code update}). */
  public <T> DataStreamWriter<T> apply(DataStreamWriter<T> writer) {
    return switch (this) {
      case MICROBATCH_DEFAULT -> writer;
      case PROCESSING_TIME_0 -> writer.trigger(Trigger.ProcessingTime(0L));
      case CONTINUOUS_1S -> writer.trigger(Trigger.Continuous("1 second"));
      case REALTIME_5S -> writer.outputMode("update").trigger(Trigger.RealTime("5 seconds"));
      case REALTIME_5MIN -> writer.outputMode("update").trigger(Trigger.RealTime("5 minutes"));
    };
  }

  public static E2eTrigger parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (E2eTrigger t : values()) {
      if (t.label.equals(v) || t.name().equalsIgnoreCase(v)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "trigger must be one of "
            + Arrays.stream(values()).map(E2eTrigger::label).collect(Collectors.joining(", "))
            + "; got '" + value + "'");
  }
}
