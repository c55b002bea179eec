package io.github.kafkarouted.connector.config;

import io.github.kafkarouted.connector.quality.RuleAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.apache.kafka.common.config.ConfigException;

/** Collects the {@code validation.rule.*} options and builds the rules, refusing bad ones by name. */
final class RuleOptions {

  /** Rule name to {expression, action}; names in order, so rules are checked in name order. */
  private final Map<String, String[]> fields = new TreeMap<>();

  /** Takes one {@code validation.rule.<name>[.action]} option. */
  void collect(String key, String value) {
    Matcher m = SinkOptions.RULE_KEY.matcher(key);
    if (!m.matches()) {
      throw new ConfigException(
          key,
          value,
          "Rules are written validation.rule.<name> (a boolean SQL expression) and"
              + " validation.rule.<name>.action (dlq, drop, fail or warn); <name> is letters, digits,"
              + " '_' and '-'.");
    }
    String name = m.group(1);
    int slot = m.group(2) == null ? 0 : 1;
    String[] f = fields.computeIfAbsent(name, n -> new String[2]);
    if (f[slot] != null) {
      throw new ConfigException(key, value, "Rule '" + name + "' sets this option twice.");
    }
    f[slot] = value;
  }

  /** The rules; a {@code dlq} action needs dead letters ({@code hasDeadLetters}). */
  List<RuleOption> build(boolean hasDeadLetters) {
    List<RuleOption> rules = new ArrayList<>();
    for (Map.Entry<String, String[]> e : fields.entrySet()) {
      String name = e.getKey();
      String sql = e.getValue()[0];
      String actionValue = e.getValue()[1];
      String key = SinkOptions.RULE_PREFIX + name;
      if (sql == null) {
        throw new ConfigException(
            key + "." + SinkOptions.RULE_ACTION_SUFFIX,
            actionValue,
            "Rule '" + name + "' has an action but no expression: set '" + key + "' to a boolean SQL expression.");
      }
      if (sql.isBlank()) {
        throw new ConfigException(key, sql, "The rule's expression is empty.");
      }
      RuleAction action = actionValue == null ? RuleAction.DLQ : RuleAction.fromOption(actionValue);
      if (action == null) {
        throw new ConfigException(
            key + "." + SinkOptions.RULE_ACTION_SUFFIX, actionValue, "Must be one of dlq, drop, fail, warn.");
      }
      if (action == RuleAction.DLQ && !hasDeadLetters) {
        throw new ConfigException(
            key + "." + SinkOptions.RULE_ACTION_SUFFIX,
            actionValue == null ? "dlq (the default)" : actionValue,
            "A rule with action dlq needs a dead-letter destination: set dlq.topic (or dlq.delta.path),"
                + " or choose the action fail, drop or warn.");
      }
      rules.add(new RuleOption(name, sql, action));
    }
    return rules;
  }
}
