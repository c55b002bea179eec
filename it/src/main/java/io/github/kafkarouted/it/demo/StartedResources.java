package io.github.kafkarouted.it.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the demo started (broker, Spark, query, generator...), stopped at the end newest first: the
 * query before Spark, Spark before the broker. A failure to stop one thing is reported and does not
 * skip the rest, so a failed run leaves nothing running.
 *
 * <p>Not thread-safe: used from the thread that runs the demo.
 */
final class StartedResources {
  /** Something to stop at the end, in reverse order of starting. */
  private record Step(String what, AutoCloseable action) {}

  private final Deque<Step> steps = new ArrayDeque<>();
  private final DemoLog log;

  StartedResources(DemoLog log) {
    this.log = log;
  }

  /** Registers {@code action} to run at {@link #stopAll()}; {@code what} names it in messages. */
  void push(String what, AutoCloseable action) {
    steps.push(new Step(what, action));
  }

  /** Stops everything started, newest first; a failure to stop one thing does not skip the rest. */
  void stopAll() {
    if (steps.isEmpty()) {
      return;
    }
    log.say("stopping: %s", String.join(", ", steps.stream().map(Step::what).map(w -> w.replaceAll(" /.*", "")).toList()));
    boolean clean = true;
    while (!steps.isEmpty()) {
      Step step = steps.pop();
      try {
        step.action().close();
      } catch (Exception | LinkageError e) {
        clean = false;
        log.say("could not stop %s: %s", step.what(), DemoLog.firstLine(e.toString()));
      }
    }
    log.say(clean ? "stopped; nothing left running" : "stopped, with the errors above");
  }
}
