package io.github.kafkarouted.dlq.model;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Renders a throwable's stack trace as {@code printStackTrace} does. Stateless. */
final class StackTraces {
  private StackTraces() {}

  static String toString(Throwable error) {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      error.printStackTrace(writer);
    }
    return out.toString();
  }
}
