package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.delivery.MarkerTopic;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.connector.task.RoutedTaskWriter;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * {@code df.write().format("kafka-routed")}: one task per partition of the DataFrame, each writing
 * its rows with a {@link RoutedTaskWriter} and flushing before it ends, as Spark's kafka sink does.
 * With {@code dlq.delta.*}, each task returns the path of its staged dead letters and the driver
 * appends them to the Delta table when every task is done.
 */
public final class BatchWriteJob {

  private BatchWriteJob() {}

  public static void run(Dataset<Row> data, WriterSpec spec) {
    org.apache.spark.sql.classic.Dataset<Row> classic =
        (org.apache.spark.sql.classic.Dataset<Row>) data;
    String stagingId = "batch-" + UUID.randomUUID();
    JavaRDD<InternalRow> rows = classic.queryExecution().toRdd().toJavaRDD();
    WriterSpec write = spec.forBatchWrite(stagingId);
    if (write.exactlyOnce() != null) {
      // Exactly-once within this write (task retries, speculative attempts); a rerun is a new write.
      new MarkerTopic(write::adminConfig).ensureExists(write.exactlyOnce().markerTopic());
    }
    List<String> staged = rows.mapPartitions(new PartitionWriter(write, stagingId)).collect();
    DeadLetterTableCommit.append(spec, staged.stream(), null, 0L, stagingId);
  }

  private static final class PartitionWriter implements FlatMapFunction<Iterator<InternalRow>, String> {
    private static final long serialVersionUID = 1L;
    private final WriterSpec spec;
    private final String stagingId;

    PartitionWriter(WriterSpec spec, String stagingId) {
      this.spec = spec;
      this.stagingId = stagingId;
    }

    @Override
    public Iterator<String> call(Iterator<InternalRow> rows) {
      TaskContext task = TaskContext.get();
      int partition = task == null ? 0 : task.partitionId();
      try (RoutedTaskWriter writer =
          new RoutedTaskWriter(spec, partition, 0L, ProducerPool.shared(), stagingId, false)) {
        try {
          while (rows.hasNext()) {
            writer.write(rows.next());
          }
          writer.flush();
        } catch (RuntimeException e) {
          writer.abort();
          throw e;
        }
        String file = writer.stagedDeadLetters();
        return file == null ? Collections.emptyIterator() : List.of(file).iterator();
      }
    }
  }
}
