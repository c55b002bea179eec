package io.github.kafkarouted.it.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Command-line entry of the demo ({@code ./demo.sh} runs it): parses the flags, sends Spark's and
 * Kafka's logs to a file instead of the terminal, runs the {@link Demo} and exits 0 only when its
 * check passes.
 *
 * <p>Ctrl-C (SIGINT) ends the run early but cleanly: the generator stops, the last events are
 * read, the summary is printed and everything is stopped. A second Ctrl-C exits at once (the
 * broker's and Spark's own shutdown hooks still stop them). SIGTERM goes through a shutdown hook
 * that asks for the same clean end and waits for it for a while.
 */
public final class DemoMain {
  /** System property naming the log file; {@code demo.sh} points it into {@code it/target/demo}. */
  public static final String LOG_FILE_PROPERTY = "kafka-routed.demo.log";

  private static final String LOG4J_CONFIG = "kafka-routed-demo-log4j2.properties";
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

  private DemoMain() {}

  public static void main(String[] args) {
    // Before anything touches a logger: Spark and Kafka log to a file, the terminal shows the demo.
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG4J_CONFIG);
    }
    // Log4j reports its own trouble on stderr, e.g. tasks interrupted while logging as the query
    // stops; that is no news for the demo's user.
    if (System.getProperty("log4j2.statusLoggerLevel") == null) {
      System.setProperty("log4j2.statusLoggerLevel", "OFF");
    }
    if (System.getProperty(LOG_FILE_PROPERTY) == null) {
      System.setProperty(LOG_FILE_PROPERTY, "kafka-routed-demo.log");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<String> argList = List.of(args);
    if (argList.contains("--help") || argList.contains("-h")) {
      out.println(DemoOptions.usage());
      System.exit(0);
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(argList);
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      System.err.println();
      System.err.println(DemoOptions.usage());
      System.exit(2);
      return;
    }
    boolean ansi = !options.plainView() && System.console() != null && !"dumb".equals(System.getenv("TERM"));
    Demo demo = new Demo(options, out, ansi);
    installSignalHandlers(demo, out);
    int code;
    try {
      DemoSummary summary = demo.run();
      out.print(summary.render());
      code = summary.passed() ? 0 : 1;
    } catch (RuntimeException | Error e) {
      out.println();
      out.println("FAIL: the demo could not run: " + e);
      Throwable cause = e.getCause();
      while (cause != null) {
        out.println("  caused by: " + cause);
        cause = cause.getCause();
      }
      out.println("Logs: " + System.getProperty(LOG_FILE_PROPERTY));
      code = 1;
    }
    out.flush();
    System.exit(code);
  }

  private static void installSignalHandlers(Demo demo, PrintStream out) {
    AtomicInteger interrupts = new AtomicInteger();
    try {
      Signal.handle(
          new Signal("INT"),
          signal -> {
            if (interrupts.incrementAndGet() == 1) {
              out.println();
              out.println("Ctrl-C: stopping the generator, reading the last events, then shutting down"
                  + " (Ctrl-C again to quit at once)");
              demo.requestStop("Ctrl-C");
            } else {
              System.exit(130);
            }
          });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // SIGINT is ignored or reserved here (e.g. started in the background): the hook below remains.
    }
    Thread hook =
        new Thread(
            () -> {
              if (interrupts.get() > 1) {
                return; // Second Ctrl-C: quit now; Spark's and the broker's own hooks stop them.
              }
              demo.requestStop("a termination signal");
              try {
                demo.awaitFinished(SHUTDOWN_WAIT);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }
}
