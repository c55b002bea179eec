package io.github.kafkarouted.it.security;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Keeps every log event of this JVM in memory (message, logger, thread and the thrown exception's
 * full stack trace) from {@link #install} to {@link #close}, so a test can search them. The
 * loggers that matter for secrets are raised to INFO while installed: Kafka clients (they print
 * their whole configuration at INFO when a client is created), Spark's streaming engine (it logs
 * each progress JSON) and ours; they get their levels back on {@link #close}.
 *
 * <p>Thread-safe: appenders are called from any thread. One capture at a time per JVM.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

  /** Loggers raised to INFO while capturing; root and everything else keep their level. */
  private static final List<String> INFO_LOGGERS =
      List.of(
          "org.apache.kafka",
          "org.apache.spark.sql.execution.streaming",
          "org.apache.spark.sql.kafka010",
          "io.github.kafkarouted");

  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  /** The levels {@link #raiseLevels} replaced, restored by {@link #close}. */
  private static final Map<String, Level> LEVELS_BEFORE = new java.util.concurrent.ConcurrentHashMap<>();

  private LogCapture() {
    super("kafka-routed-secret-capture", null, null, true, Property.EMPTY_ARRAY);
  }

  /** Adds the appender to the root logger; every logger whose level lets an event through reaches it. */
  public static LogCapture install() {
    LogCapture capture = new LogCapture();
    capture.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    config.addAppender(capture);
    config.getRootLogger().addAppender(capture, Level.ALL, null);
    for (LoggerConfig logger : config.getLoggers().values()) {
      if (!logger.getName().isEmpty() && !logger.isAdditive()) {
        logger.addAppender(capture, Level.ALL, null);
      }
    }
    context.updateLoggers();
    raiseLevels();
    return capture;
  }

  /** Sets the loggers that print configuration and progress to INFO (again, after Spark's setLogLevel). */
  public static void raiseLevels() {
    for (String name : INFO_LOGGERS) {
      LEVELS_BEFORE.putIfAbsent(name, LogManager.getLogger(name).getLevel());
      Configurator.setLevel(name, Level.INFO);
    }
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder line =
        new StringBuilder()
            .append(event.getLevel())
            .append(' ')
            .append(event.getLoggerName())
            .append(" [")
            .append(event.getThreadName())
            .append("] ")
            .append(event.getMessage().getFormattedMessage());
    Map<String, String> context = event.getContextData().toMap();
    if (!context.isEmpty()) {
      line.append(' ').append(context);
    }
    if (event.getThrown() != null) {
      StringWriter trace = new StringWriter();
      event.getThrown().printStackTrace(new PrintWriter(trace));
      line.append('\n').append(trace);
    }
    lines.add(line.toString());
  }

  /** The captured lines so far. */
  public List<String> lines() {
    return new ArrayList<>(lines);
  }

  /** The captured lines so far, one text. */
  public String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(getName());
    for (LoggerConfig logger : config.getLoggers().values()) {
      logger.removeAppender(getName());
    }
    context.updateLoggers();
    LEVELS_BEFORE.forEach(Configurator::setLevel);
    LEVELS_BEFORE.clear();
    stop();
  }
}
