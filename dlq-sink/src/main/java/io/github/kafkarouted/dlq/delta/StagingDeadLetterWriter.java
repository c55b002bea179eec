package io.github.kafkarouted.dlq.delta;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.writer.DeadLetterWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Streams one task's dead letters to one staging file (see {@link DeadLetterStaging}), so memory
 * stays bounded however many dead letters a batch has. The file is created at the first dead
 * letter (a task without any writes nothing) and completed by {@link #flushAndCheck}; {@link
 * #stagedFile()} then names it for the task's commit message. {@link #close()} without a flush
 * deletes the partial file. Any I/O failure fails the task. Not thread-safe.
 */
public final class StagingDeadLetterWriter implements DeadLetterWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final Configuration hadoopConf;
  private FSDataOutputStream out;
  private JsonGenerator json;
  private long written;
  private boolean completed;
  private boolean closed;

  /**
   * @param batchDirectory {@link DeadLetterStaging#batchDirectory}
   * @param fileName {@link DeadLetterStaging#fileName}
   */
  public StagingDeadLetterWriter(String batchDirectory, String fileName, Configuration hadoopConf) {
    this.file = new Path(batchDirectory, fileName);
    this.hadoopConf = hadoopConf;
  }

  @Override
  public void write(DeadLetter deadLetter) {
    if (completed || closed) {
      throw new IllegalStateException("staging file " + file + " is already complete");
    }
    try {
      if (json == null) {
        out = file.getFileSystem(hadoopConf).create(file, false);
        json = JSON.createGenerator((java.io.OutputStream) out);
        json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      }
      StagedDeadLetterFormat.write(deadLetter, json);
      json.writeRaw('\n');
    } catch (IOException e) {
      throw failure(e);
    }
    written++;
  }

  @Override
  public void flushAndCheck() {
    if (completed || json == null) {
      completed = true;
      return;
    }
    try {
      json.close();
      out.close();
    } catch (IOException e) {
      throw failure(e);
    }
    completed = true;
  }

  /** The complete staging file, or null when this task had no dead letter. Valid after {@link #flushAndCheck}. */
  public String stagedFile() {
    return completed && written > 0 ? file.toString() : null;
  }

  @Override
  public long writtenCount() {
    return written;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!completed && out != null) {
      try {
        out.close();
        FileSystem fs = file.getFileSystem(hadoopConf);
        fs.delete(file, false);
      } catch (IOException e) {
        // An aborting task: the file is never appended (not in any commit message) and the
        // driver deletes the batch directory after the batch commits.
      }
    }
  }

  private UncheckedIOException failure(IOException e) {
    return new UncheckedIOException(
        "Failed to stage a dead letter in " + file + " (" + written + " staged by this task so far)."
            + " Failing the task so Spark retries it and no row is lost.",
        e);
  }
}
