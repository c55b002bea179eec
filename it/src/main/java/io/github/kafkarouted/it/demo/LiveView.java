package io.github.kafkarouted.it.demo;

import static io.github.kafkarouted.it.demo.DemoSummary.n;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The terminal view, refreshed once a second on its own thread: on a terminal, the screen is
 * redrawn in place with plain ANSI codes (cursor home, clear to end of line and of screen);
 * otherwise one compact status line per second is printed, which suits logs and CI.
 *
 * <p>Thread-safe: {@link #render} is pure; the refresh thread is the only writer to the stream
 * while the view runs.
 */
final class LiveView implements AutoCloseable {
  private static final String HOME = "\033[H";
  private static final String CLEAR_LINE = "\033[K";
  private static final String CLEAR_BELOW = "\033[J";
  private static final String CLEAR_SCREEN = "\033[2J";
  private static final String BOLD = "\033[1m";
  private static final String RESET = "\033[0m";

  private final PrintStream out;
  private final boolean ansi;
  private final Supplier<DemoStatus> status;
  private final ScheduledExecutorService timer;
  private boolean first = true;

  private LiveView(PrintStream out, boolean ansi, Supplier<DemoStatus> status) {
    this.out = out;
    this.ansi = ansi;
    this.status = status;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-live-view");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts refreshing every second. */
  static LiveView start(PrintStream out, boolean ansi, Supplier<DemoStatus> status) {
    LiveView view = new LiveView(out, ansi, status);
    view.timer.scheduleAtFixedRate(view::refresh, 1, 1, TimeUnit.SECONDS);
    return view;
  }

  private void refresh() {
    try {
      DemoStatus s = status.get();
      if (ansi) {
        out.print((first ? CLEAR_SCREEN : "") + HOME + screen(s) + CLEAR_BELOW);
        first = false;
      } else {
        out.println(line(s));
      }
      out.flush();
    } catch (RuntimeException e) {
      // A view glitch must not end the demo (the scheduler would stop refreshing on a throw).
      out.println("(view: " + e + ")");
    }
  }

  /** Stops refreshing; waits for a refresh in progress. Idempotent. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The full-screen view: one string of lines, each ending with clear-to-end-of-line. */
  static String screen(DemoStatus s) {
    List<String> lines = new ArrayList<>();
    lines.add(BOLD + s.header() + RESET + "   " + clock(s.elapsed()) + " / " + clock(s.duration()) + "   " + s.phase());
    lines.add("events -> from_json -> join users (Delta, broadcast) -> kafka-routed -> urgent | error | standard | DLQ");
    lines.add("");
    lines.add(String.format(Locale.ROOT, "%-13s%6s/s   %s events   %s", "INPUT", n(s.inputRate()), n(s.input()), badKinds(s)));
    StringBuilder routed = new StringBuilder();
    for (Destination d : s.routes()) {
      routed.append(d.topic()).append(' ').append(n(s.recordsByDestination().getOrDefault(d, 0L))).append("   ");
    }
    lines.add(String.format(Locale.ROOT, "%-13s%s in flight %s", "ROUTED", routed, n(s.inFlight())));
    lines.add(
        String.format(
            Locale.ROOT,
            "%-13s%s %s   %s",
            "DEAD LETTERS",
            Destination.DEAD_LETTER.topic(),
            n(s.recordsByDestination().getOrDefault(Destination.DEAD_LETTER, 0L)),
            reasons(s.deadLettersByReason())));
    lines.add(String.format(Locale.ROOT, "%-13s%s", "LATENCY", latency(s.recentLatency()) + "   (output record ts - event ts, routed records, last " + OutputMonitor.LATENCY_WINDOW_SECONDS + " s)"));
    String[] caption = s.lagCaption().split("\n");
    for (int i = 0; i < caption.length; i++) {
      lines.add(String.format(Locale.ROOT, "%-13s%s", i == 0 ? "LAG" : "", caption[i]));
    }
    if (s.lag().lines().isEmpty()) {
      lines.add(String.format(Locale.ROOT, "%-13s%s", "", s.lag().note()));
    }
    for (LagReadout.Line l : s.lag().lines()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%-13s%s-%d   position %s   end %s   lag %s   %s",
              "",
              l.topic(),
              l.partition(),
              n(l.consumed()),
              l.latest() < 0 ? "?" : n(l.latest()),
              l.lag() < 0 ? "?" : n(l.lag()),
              l.status()));
    }
    lines.add(String.format(Locale.ROOT, "%-13s%s", "SPARK", s.spark()));
    StringBuilder b = new StringBuilder();
    for (String line : lines) {
      b.append(line).append(CLEAR_LINE).append('\n');
    }
    return b.toString();
  }

  /** The one-line view for non-terminals. */
  static String line(DemoStatus s) {
    Map<Destination, Long> r = s.recordsByDestination();
    StringBuilder lag = new StringBuilder();
    for (LagReadout.Line l : s.lag().lines()) {
      lag.append(lag.length() == 0 ? "" : "/").append(l.lag() < 0 ? "?" : Long.toString(l.lag()));
    }
    return String.format(
        Locale.ROOT,
        "[%s %s] in %d/s total %d | urgent %d error %d standard %d | dlq %d%s | in flight %d | %s | lag %s",
        clock(s.elapsed()),
        s.phase(),
        s.inputRate(),
        s.input(),
        r.getOrDefault(Destination.URGENT, 0L),
        r.getOrDefault(Destination.ERROR, 0L),
        r.getOrDefault(Destination.STANDARD, 0L),
        r.getOrDefault(Destination.DEAD_LETTER, 0L),
        s.deadLettersByReason().isEmpty() ? "" : " " + s.deadLettersByReason(),
        s.inFlight(),
        latency(s.recentLatency()),
        lag.length() == 0 ? "n/a" : lag);
  }

  private static String badKinds(DemoStatus s) {
    StringBuilder b = new StringBuilder();
    for (EventKind k : EventKind.values()) {
      long c = s.inputByKind().getOrDefault(k, 0L);
      if (k != EventKind.GOOD && c > 0) {
        b.append(b.length() == 0 ? "bad: " : ", ").append(k.label()).append(' ').append(n(c));
      }
    }
    return b.length() == 0 ? "(all well-formed)" : b.toString();
  }

  private static String reasons(Map<String, Long> byReason) {
    StringBuilder b = new StringBuilder();
    byReason.forEach((reason, c) -> b.append(reason).append(' ').append(n(c)).append("   "));
    return b.toString().trim();
  }

  private static String latency(DemoStatus.Latency l) {
    if (l.count() == 0) {
      return "p50 -  p99 -";
    }
    return String.format(Locale.ROOT, "p50 %d ms  p99 %d ms  max %d ms", l.p50(), l.p99(), l.max());
  }

  static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
