package io.github.kafkarouted.it.cluster.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Driver-side listener of {@link ClusterApp}: reports task starts (while asked to) so that the test
 * can SIGKILL an executor that is running a task, and counts the tasks lost with their executor, the
 * proof that the kill hit running work. Callbacks come from Spark's listener-bus thread; the
 * switch and the counter are thread-safe.
 */
final class TaskEventsListener extends SparkListener {
  private volatile boolean reportTaskStarts;
  private final AtomicInteger tasksLostWithExecutor = new AtomicInteger();

  void reportTaskStarts(boolean on) {
    reportTaskStarts = on;
  }

  int tasksLostWithExecutor() {
    return tasksLostWithExecutor.get();
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart event) {
    if (reportTaskStarts) {
      ClusterApp.say("task-started executor=" + event.taskInfo().executorId() + " stage=" + event.stageId());
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    if (event.reason() instanceof ExecutorLostFailure) {
      tasksLostWithExecutor.incrementAndGet();
      ClusterApp.say("task-lost executor=" + event.taskInfo().executorId() + " stage=" + event.stageId());
    }
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded event) {
    ClusterApp.say("executor-added executor=" + event.executorId());
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
    ClusterApp.say("executor-removed executor=" + event.executorId() + " reason=" + event.reason());
  }
}
