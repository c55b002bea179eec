package io.github.kafkarouted.connector.validation.avro;

import java.util.ArrayList;
import java.util.List;

/**
 * Why an Avro value is invalid and where. Thrown (not returned) because a problem deep in a varint
 * has to unwind every reader above it and each adds its path segment on the way out; it is built
 * only on failure and has no stack trace, so an invalid value costs one small object.
 */
final class AvroFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final String problem;
  private final List<String> segmentsInnermostFirst = new ArrayList<>(4);

  /** {@code problem} follows the path: {@code ": truncated ..."} or {@code " appears ..."}. */
  AvroFailure(String problem) {
    super(problem, null, false, false);
    this.problem = problem;
  }

  AvroFailure under(String segment) {
    segmentsInnermostFirst.add(segment);
    return this;
  }

  /** {@code field 'user.tags[2]': problem}, or {@code value: problem} outside any field. */
  @Override
  public String getMessage() {
    if (segmentsInnermostFirst.isEmpty()) {
      return "value" + problem;
    }
    StringBuilder path = new StringBuilder();
    for (int i = segmentsInnermostFirst.size() - 1; i >= 0; i--) {
      path.append(segmentsInnermostFirst.get(i));
    }
    // Field segments carry a leading dot; the outermost one does not need it.
    int start = path.charAt(0) == '.' ? 1 : 0;
    return "field '" + path.substring(start) + "'" + problem;
  }

  static String field(String name) {
    return "." + name;
  }

  static String index(long index) {
    return "[" + index + "]";
  }

  static String key(String key) {
    String shown = key.length() > 40 ? key.substring(0, 40) + "..." : key;
    return "[\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }
}
