package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.plan.DeadLetterSpec;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.connector.task.RoutedTaskWriter;
import io.github.kafkarouted.dlq.delta.DeltaDeadLetterTable;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
    List<String> staged =
        classic.queryExecution().toRdd().toJavaRDD().mapPartitions(new PartitionWriter(spec, stagingId)).collect();
    DeadLetterSpec dlq = spec.deadLetters();
    if (dlq != null && dlq.toDelta()) {
      DeltaDeadLetterTable.at(dlq.deltaLocation())
          .appendStaged(
              SparkSession.active(),
              staged.stream().filter(Objects::nonNull).toList(),
              null,
              0L,
              stagingId,
              dlq.hadoopConf().value());
    }
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
          new RoutedTaskWriter(spec, partition, 0L, ProducerPool.shared(), stagingId)) {
        while (rows.hasNext()) {
          writer.write(rows.next());
        }
        writer.flush();
        String file = writer.stagedDeadLetters();
        return file == null ? java.util.Collections.emptyIterator() : List.of(file).iterator();
      }
    }
  }
}
