package io.github.kafkarouted.lag.tracking;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task (a {@link LagTracker#poll()} round plus exports) on its own named daemon thread,
 * every poll interval and on request. A run that throws is logged and the schedule goes on, like
 * the evictor of Spark's Kafka producer pool. Runs never overlap.
 *
 * <p>Thread-safe. {@link #close()} stops the thread and is safe to call twice.
 */
public final class LagPoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LagPoller.class);

  static final String THREAD_NAME = "kafka-routed-lag-poller";

  private final Runnable task;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean runRequested = new AtomicBoolean();

  private LagPoller(Runnable task) {
    this.task = task;
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, THREAD_NAME);
          t.setDaemon(true);
          return t;
        };
    this.scheduler = Executors.newSingleThreadScheduledExecutor(threads);
  }

  /** Starts running {@code task} now and then every {@code interval} after each run ends. */
  public static LagPoller start(Runnable task, Duration interval) {
    LagPoller poller = new LagPoller(task);
    poller.scheduler.scheduleWithFixedDelay(
        poller::runSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return poller;
  }

  /** Asks for a run as soon as the thread is free; requests made meanwhile are merged. */
  public void runSoon() {
    if (runRequested.compareAndSet(false, true)) {
      try {
        scheduler.execute(
            () -> {
              runRequested.set(false);
              runSafely();
            });
      } catch (RejectedExecutionException e) {
        runRequested.set(false); // Closed.
      }
    }
  }

  private void runSafely() {
    try {
      task.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      // Never let an exception cancel the schedule: the next run may succeed.
      LOG.warn("Lag metrics poll failed; the next one runs as scheduled", t);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Lag metrics poller did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
