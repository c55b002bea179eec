package io.github.kafkarouted.dlq.writer;

import io.github.kafkarouted.dlq.model.DeadLetter;
import java.util.List;

/**
 * Writes each dead letter to several writers (the DLQ topic and the Delta staging files). A
 * failure of any one fails the task. Not thread-safe.
 */
public final class FanOutDeadLetterWriter implements DeadLetterWriter {

  private final List<DeadLetterWriter> writers;
  private long written;

  public FanOutDeadLetterWriter(List<DeadLetterWriter> writers) {
    this.writers = List.copyOf(writers);
  }

  @Override
  public void write(DeadLetter deadLetter) {
    for (DeadLetterWriter w : writers) {
      w.write(deadLetter);
    }
    written++;
  }

  @Override
  public void flushAndCheck() {
    for (DeadLetterWriter w : writers) {
      w.flushAndCheck();
    }
  }

  @Override
  public long writtenCount() {
    return written;
  }

  /** Closes every writer, even when one fails; the first failure is thrown with the others suppressed. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (DeadLetterWriter w : writers) {
      try {
        w.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
