package io.github.kafkarouted.connector.validation.json;

import java.util.HashSet;
import java.util.Set;

/**
 * Names seen in one JSON object, for duplicate detection where the schema gives no slot index
 * (unknown fields, map keys, variants). Allocates a set only from the second name on.
 */
final class NameSet {
  private String first;
  private Set<String> all;

  /** False if {@code name} was already added. */
  boolean add(String name) {
    if (first == null) {
      first = name;
      return true;
    }
    if (all == null) {
      all = new HashSet<>();
      all.add(first);
    }
    return all.add(name);
  }
}
