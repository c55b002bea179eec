package io.github.kafkarouted.it.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The demo's progress lines, each prefixed with the seconds since the run began, so a reader sees
 * where the time goes (broker start, Spark start, drain). Flushes every line: the live view
 * redraws the same terminal. Thread-safe as far as {@link PrintStream} is.
 */
final class DemoLog {
  private final PrintStream out;
  private final long startNanos = System.nanoTime();

  DemoLog(PrintStream out) {
    this.out = out;
  }

  void say(String format, Object... args) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.printf(Locale.ROOT, "[%5.1fs] %s%n", seconds, String.format(Locale.ROOT, format, args));
    out.flush();
  }

  /** The first line of a message: Spark's errors carry whole plans, too long for one status line. */
  static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
