package io.github.kafkarouted.lag.live;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side of live positions and sink outcomes: every interval, reads the consumers'
 * samples and the sink's counters and hands them to {@code send} (the plugin's message channel to
 * the driver), on its own daemon thread. Sends nothing while the JVM has neither (an executor of a
 * job without Kafka), but one empty message after the last went away.
 * A failing round is logged once per failure streak and the schedule goes on: monitoring never
 * disturbs the executor.
 *
 * <p>Thread-safe. {@link #close()} stops the thread; safe to call twice.
 */
public final class ExecutorSampler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorSampler.class);

  static final String THREAD_NAME = "kafka-routed-lag-executor-sampler";

  private final Supplier<ExecutorSamples> reader;
  private final Consumer<ExecutorSamples> send;
  private final ScheduledExecutorService scheduler;
  private boolean sentNonEmpty;
  private boolean failing;

  private ExecutorSampler(Supplier<ExecutorSamples> reader, Consumer<ExecutorSamples> send) {
    this.reader = reader;
    this.send = send;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, THREAD_NAME);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts sampling every {@code interval}. */
  public static ExecutorSampler start(
      Duration interval, Supplier<ExecutorSamples> reader, Consumer<ExecutorSamples> send) {
    ExecutorSampler s = new ExecutorSampler(reader, send);
    long ms = interval.toMillis();
    s.scheduler.scheduleWithFixedDelay(s::sampleOnce, ms, ms, TimeUnit.MILLISECONDS);
    return s;
  }

  /** One round; runs on the sampler thread (tests may call it directly). */
  void sampleOnce() {
    try {
      ExecutorSamples samples = reader.get();
      if (!samples.isEmpty() || sentNonEmpty) {
        send.accept(samples);
        sentNonEmpty = !samples.isEmpty();
      }
      if (failing) {
        LOG.info("Sending Kafka consumer positions to the driver works again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("Cannot send Kafka consumer positions to the driver; retrying each interval", e);
        failing = true;
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
