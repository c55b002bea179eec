package io.github.kafkarouted.lag.tracking;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LagPollerTest {

  @Test
  void runThatThrowsDoesNotStopTheSchedule() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch threeRuns = new CountDownLatch(3);
    Runnable task =
        () -> {
          threeRuns.countDown();
          if (runs.incrementAndGet() <= 2) {
            throw new IllegalStateException("broker exploded");
          }
        };

    LagPoller poller = LagPoller.start(task, Duration.ofMillis(100));
    try {
      assertTrue(threeRuns.await(30, TimeUnit.SECONDS), "runs after failures: " + runs.get());
    } finally {
      poller.close();
    }
  }

  @Test
  void runSoonRunsWithoutWaitingForTheInterval() throws Exception {
    CountDownLatch twoRuns = new CountDownLatch(2);
    try (LagPoller poller = LagPoller.start(twoRuns::countDown, Duration.ofHours(1))) {
      poller.runSoon();
      assertTrue(twoRuns.await(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void runsOnANamedDaemonThreadThatCloseStops() throws Exception {
    AtomicReference<Thread> thread = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    LagPoller poller =
        LagPoller.start(
            () -> {
              thread.set(Thread.currentThread());
              ran.countDown();
            },
            Duration.ofHours(1));
    assertTrue(ran.await(30, TimeUnit.SECONDS));
    assertTrue(thread.get().isDaemon());
    assertTrue(thread.get().getName().equals(LagPoller.THREAD_NAME), thread.get().getName());

    poller.close();
    poller.close();

    thread.get().join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(thread.get().isAlive());
    poller.runSoon(); // Ignored after close, does not throw.
  }
}
