package io.github.kafkarouted.connector.quality;

import java.util.Locale;

/**
 * What happens to a row that breaks a data-quality rule ({@code validation.rule.<name>.action}),
 * strongest first: a row that breaks several rules gets the strongest of their actions, and every
 * rule it breaks is counted.
 */
public enum RuleAction {
  /** The task fails with a message naming the rule and the row's source coordinates. */
  FAIL,
  /** The row becomes a dead letter with reason RULE_VIOLATION and the rule's name (the default). */
  DLQ,
  /** The row is dropped and counted ({@code rowsDropped}). */
  DROP,
  /** The row is routed as usual; the violation is only counted. */
  WARN;

  /** The option value: {@code fail}, {@code dlq}, {@code drop} or {@code warn}. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action of an option value, or null if there is none of that name. */
  public static RuleAction fromOption(String value) {
    for (RuleAction a : values()) {
      if (a.optionValue().equalsIgnoreCase(value.trim())) {
        return a;
      }
    }
    return null;
  }
}
