package io.github.kafkarouted.connector.validation.json;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a value is invalid and where: built only on failure, then each enclosing struct, array or map
 * adds its path segment on the way out.
 */
final class Failure {
  private final String problem;
  private final List<String> segmentsInnermostFirst = new ArrayList<>(4);

  /** {@code problem} follows the path: {@code ": expected ..."} or {@code " is ..."}. */
  Failure(String problem) {
    this.problem = problem;
  }

  Failure under(String segment) {
    segmentsInnermostFirst.add(segment);
    return this;
  }

  String message() {
    StringBuilder path = new StringBuilder();
    for (int i = segmentsInnermostFirst.size() - 1; i >= 0; i--) {
      path.append(segmentsInnermostFirst.get(i));
    }
    // Field segments carry a leading dot; the outermost one does not need it.
    int start = path.length() > 0 && path.charAt(0) == '.' ? 1 : 0;
    return "field '" + path.substring(start) + "'" + problem;
  }

  static String field(String name) {
    return "." + name;
  }

  static String index(int index) {
    return "[" + index + "]";
  }

  static String key(String key) {
    return "[\"" + JsonText.escape(JsonText.shorten(key, JsonText.MAX_QUOTED_CHARS)) + "\"]";
  }

  static Failure duplicate(String segment) {
    return new Failure(" appears more than once (duplicate key)").under(segment);
  }
}
