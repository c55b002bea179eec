package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import io.github.kafkarouted.connector.dispatch.Outcome;
import io.github.kafkarouted.connector.quality.RuleTable;
import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's outcomes per streaming query run in this executor JVM, live: each task's counters
 * are registered while it writes and read as they grow, so what a Real-Time Mode task (one batch
 * of minutes) or a ForeachWriter (no progress metrics) did shows at once, and a task killed by a
 * query stop has shown what it did until then (Spark's accumulators drop it). Published over JMX
 * ({@link SinkOutcomesMBean}), where the lag plugin's executor side reads them: no dependency
 * between the two modules.
 *
 * <p>A run whose tasks all ended and whose counts have not changed for {@link #IDLE_EVICTION_MS}
 * is removed at the next registration: bounded by the runs active in the last minutes.
 *
 * <p>{@link #shared()} is the executor-wide instance (explicit and closeable, as the producer
 * pool). Thread-safe: tasks register and end on their threads, JMX reads on any.
 */
public final class LiveSinkCounters implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveSinkCounters.class);

  /** The JMX object name of a run's outcomes, before its {@code query_id} and {@code run_id}. */
  public static final String OBJECT_NAME_PREFIX = "io.github.kafkarouted:type=SinkOutcomes,";

  static final long IDLE_EVICTION_MS = 10 * 60_000;

  private static final Object SHARED_LOCK = new Object();
  private static LiveSinkCounters shared;

  private final MBeanServer server;
  private final LongSupplier clock;
  private final Map<String, Run> runs = new HashMap<>();
  private boolean closed;

  /** An instance publishing on {@code server} (the shared one uses the platform server). */
  public LiveSinkCounters(MBeanServer server, LongSupplier clock) {
    this.server = server;
    this.clock = clock;
  }

  /** The executor-wide instance, on the platform MBean server. */
  public static LiveSinkCounters shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        shared =
            new LiveSinkCounters(ManagementFactory.getPlatformMBeanServer(), System::currentTimeMillis);
      }
      return shared;
    }
  }

  /** Unregisters every run of the shared instance (tests, executor shutdown). */
  public static void closeShared() {
    synchronized (SHARED_LOCK) {
      if (shared != null) {
        shared.close();
        shared = null;
      }
    }
  }

  /** One task's counters while it writes; {@link #close()} folds them into its run's totals. */
  public final class Registration implements AutoCloseable {
    private final Run run;
    private final TaskCounters task;
    private boolean closed;

    private Registration(Run run, TaskCounters task) {
      this.run = run;
      this.task = task;
    }

    @Override
    public void close() {
      synchronized (LiveSinkCounters.this) {
        if (!closed) {
          closed = true;
          run.end(task, clock.getAsLong());
        }
      }
    }
  }

  /**
   * Registers a task's counters under its query run.
   *
   * @param routes the write's route table, whose labels name the route slots of {@code counters}
   * @param rules the write's rules, in the order {@code counters} counts them
   */
  public synchronized Registration register(
      String queryId, String runId, RouteTable routes, RuleTable rules, DispatchCounters counters) {
    long now = clock.getAsLong();
    evictIdle(now);
    String key = queryId + "/" + runId;
    Run run = runs.get(key);
    if (run == null) {
      run = new Run(queryId, runId, now);
      if (!closed) {
        runs.put(key, run);
        publish(run);
      }
    }
    TaskCounters task = new TaskCounters(counters, routes, rules.names());
    run.active.add(task);
    return new Registration(run, task);
  }

  private void evictIdle(long now) {
    runs.values()
        .removeIf(
            run -> {
              if (run.active.isEmpty() && now - run.lastEndMillis > IDLE_EVICTION_MS) {
                unpublish(run);
                return true;
              }
              return false;
            });
  }

  private void publish(Run run) {
    try {
      server.registerMBean(new StandardMBean(run, SinkOutcomesMBean.class), run.objectName());
    } catch (JMException | RuntimeException e) {
      // Monitoring must never fail a write: the counts still reach the progress (DSv2).
      LOG.warn("Cannot publish the sink outcomes of query {} over JMX", run.queryId, e);
    }
  }

  private void unpublish(Run run) {
    try {
      server.unregisterMBean(run.objectName());
    } catch (JMException | RuntimeException e) {
      LOG.debug("Sink outcomes of query {} were not registered", run.queryId, e);
    }
  }

  /** Names of the runs published (for tests and diagnostics). */
  public synchronized List<String> runKeys() {
    return new ArrayList<>(runs.keySet());
  }

  @Override
  public synchronized void close() {
    closed = true;
    runs.values().forEach(this::unpublish);
    runs.clear();
  }

  /** A task's counters, with the route table and rule names that label their slots. */
  private record TaskCounters(DispatchCounters counters, RouteTable routes, String[] ruleNames) {

    void addTo(Map<String, Long> totals) {
      for (Outcome o : Outcome.values()) {
        totals.merge(o.metricName(), counters.count(o), Long::sum);
      }
      for (DeadLetterReason r : DeadLetterReason.values()) {
        long n = counters.deadLettersOf(r);
        if (n != 0) {
          totals.merge(SinkMetricNames.deadLettersOf(r), n, Long::sum);
        }
      }
      for (int i = 0; i < counters.routeSlots(); i++) {
        totals.merge(SinkMetricNames.recordsOfRoute(routes.label(i)), counters.recordsOfRoute(i), Long::sum);
      }
      for (int i = 0; i < ruleNames.length && i < counters.rules(); i++) {
        totals.merge(RuleViolationsOfRuleMetric.metricName(ruleNames[i]), counters.violationsOfRule(i), Long::sum);
      }
    }
  }

  /** One query run in this JVM: the totals of its ended tasks and its running ones. */
  private final class Run implements SinkOutcomesMBean {
    final String queryId;
    final String runId;
    final List<TaskCounters> active = new ArrayList<>();
    final Map<String, Long> ended = new TreeMap<>();
    long lastEndMillis;

    Run(String queryId, String runId, long now) {
      this.queryId = queryId;
      this.runId = runId;
      this.lastEndMillis = now;
    }

    ObjectName objectName() throws JMException {
      // Spark's query and run ids are UUIDs: nothing to quote.
      return new ObjectName(OBJECT_NAME_PREFIX + "query_id=" + queryId + ",run_id=" + runId);
    }

    void end(TaskCounters task, long now) {
      if (active.remove(task)) {
        task.addTo(ended);
        lastEndMillis = now;
      }
    }

    @Override
    public String getQueryId() {
      return queryId;
    }

    @Override
    public String getRunId() {
      return runId;
    }

    @Override
    public Map<String, Long> getTotals() {
      synchronized (LiveSinkCounters.this) {
        Map<String, Long> totals = new TreeMap<>(ended);
        active.forEach(t -> t.addTo(totals));
        return totals;
      }
    }
  }
}
