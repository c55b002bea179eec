package io.github.kafkarouted.connector.config;

import io.github.kafkarouted.connector.quality.RuleAction;

/**
 * One data-quality rule as the options give it: {@code validation.rule.<name>} (a boolean SQL
 * expression that must hold) and {@code validation.rule.<name>.action}.
 */
public record RuleOption(String name, String sql, RuleAction action) {

  /** The option that holds the rule's expression. */
  public String key() {
    return SinkOptions.RULE_PREFIX + name;
  }

  /** The option that holds the rule's action. */
  public String actionKey() {
    return key() + "." + SinkOptions.RULE_ACTION_SUFFIX;
  }
}
