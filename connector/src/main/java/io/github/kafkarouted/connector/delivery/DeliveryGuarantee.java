package io.github.kafkarouted.connector.delivery;

import java.util.Locale;

/** The {@code delivery.guarantee} option. */
public enum DeliveryGuarantee {
  /** Every row is written at least once; a retried or replayed task writes its records again. */
  AT_LEAST_ONCE("at-least-once"),
  /** A {@code read_committed} consumer sees every row once: one Kafka transaction per task. */
  EXACTLY_ONCE("exactly-once");

  private final String option;

  DeliveryGuarantee(String option) {
    this.option = option;
  }

  /** The option value, e.g. {@code exactly-once}. */
  public String option() {
    return option;
  }

  /** The guarantee named {@code value} (any case), or null if none is. */
  public static DeliveryGuarantee fromOption(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (DeliveryGuarantee g : values()) {
      if (g.option.equals(v)) {
        return g;
      }
    }
    return null;
  }
}
