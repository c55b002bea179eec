package io.github.kafkarouted.connector.quality;

/** What the rule check needs of a row: whether each rule holds, evaluated beforehand. */
public interface RuleRow {

  /** Whether rule {@code rule} holds: its expression is true (false and SQL NULL are violations). */
  default boolean ruleHolds(int rule) {
    return true;
  }
}
