package io.github.kafkarouted.connector.quality;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * The data-quality rules of a sink ({@code validation.rule.<name>}), resolved on the driver and
 * shipped to executors: names, SQL (for messages) and actions, in name order. Checking a row is one
 * pass over the rules with no allocation. Immutable and thread-safe; plain Java.
 */
public final class RuleTable implements Serializable {

  private static final long serialVersionUID = 1L;

  /** No rules. */
  public static final RuleTable NONE = new RuleTable(List.of());

  /** The prefix of the rule options, {@code validation.rule.<name>}. */
  public static final String OPTION_PREFIX = "validation.rule.";

  /** One rule: its name, its SQL and its action. */
  public record Rule(String name, String sql, RuleAction action) implements Serializable {
    /** The option that declared it. */
    public String optionKey() {
      return OPTION_PREFIX + name;
    }
  }

  private final Rule[] rules;

  public RuleTable(List<Rule> rules) {
    this.rules = rules.toArray(new Rule[0]);
  }

  /** The rules' names, in order. */
  public String[] names() {
    String[] names = new String[rules.length];
    for (int i = 0; i < rules.length; i++) {
      names[i] = rules[i].name;
    }
    return names;
  }

  /**
   * Per-rule counts by rule name, sorted, leaving out zeros: for messages.
   *
   * @param countsByRule indexed like the rules (e.g. violations per rule)
   */
  public Map<String, Long> nonZeroByName(long[] countsByRule) {
    Map<String, Long> out = new TreeMap<>();
    for (int i = 0; i < rules.length && i < countsByRule.length; i++) {
      if (countsByRule[i] > 0) {
        out.put(rules[i].name, countsByRule[i]);
      }
    }
    return out;
  }

  public int size() {
    return rules.length;
  }

  public Rule rule(int index) {
    return rules[index];
  }

  /**
   * Checks {@code row} against every rule, telling {@code violated} the index of each rule it
   * breaks.
   *
   * @return the index of the rule that decides what happens to the row (the first broken rule of
   *     the strongest action other than warn), or -1 when the row goes on to be routed
   */
  public int check(RuleRow row, IntConsumer violated) {
    int deciding = -1;
    for (int i = 0; i < rules.length; i++) {
      if (row.ruleHolds(i)) {
        continue;
      }
      violated.accept(i);
      RuleAction action = rules[i].action;
      if (action != RuleAction.WARN
          && (deciding < 0 || action.ordinal() < rules[deciding].action.ordinal())) {
        deciding = i;
      }
    }
    return deciding;
  }
}
