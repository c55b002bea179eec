package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.producer.ProducerPool;
import io.github.kafkarouted.connector.task.RoutedTaskWriter;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * {@code df.write().format("kafka-routed")}: one task per partition of the DataFrame, each writing
 * its rows with a {@link RoutedTaskWriter} and flushing before it ends, as Spark's kafka sink does.
 */
public final class BatchWriteJob {

  private BatchWriteJob() {}

  public static void run(Dataset<Row> data, WriterSpec spec) {
    org.apache.spark.sql.classic.Dataset<Row> classic =
        (org.apache.spark.sql.classic.Dataset<Row>) data;
    classic.queryExecution().toRdd().toJavaRDD().foreachPartition(new PartitionWriter(spec));
  }

  private static final class PartitionWriter implements VoidFunction<Iterator<InternalRow>> {
    private static final long serialVersionUID = 1L;
    private final WriterSpec spec;

    PartitionWriter(WriterSpec spec) {
      this.spec = spec;
    }

    @Override
    public void call(Iterator<InternalRow> rows) {
      TaskContext task = TaskContext.get();
      int partition = task == null ? 0 : task.partitionId();
      try (RoutedTaskWriter writer = new RoutedTaskWriter(spec, partition, 0L, ProducerPool.shared())) {
        while (rows.hasNext()) {
          writer.write(rows.next());
        }
        writer.flush();
      }
    }
  }
}
