package io.github.kafkarouted.connector;

import io.github.kafkarouted.connector.config.SinkConf;
import io.github.kafkarouted.connector.plan.SinkPlanner;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.write.BatchWriteJob;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code format("kafka-routed")}: registered through {@code META-INF/services}. Spark instantiates
 * it more than once per query start, so the constructor does nothing. Streaming queries get a
 * {@link KafkaRoutedTable}, or with {@code realTimeMode=true} Spark's ForeachWriter sink over the
 * same writer ({@link KafkaRouted#realTimeModeTable}).
 */
public final class KafkaRoutedProvider
    implements TableProvider, DataSourceRegister, CreatableRelationProvider {

  public static final String SHORT_NAME = "kafka-routed";

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    // Writes get the query's schema through getTable; there is nothing to infer.
    return new StructType();
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> options) {
    SinkConf conf = SinkConf.parse(options);
    if (conf.realTimeMode()) {
      // Spark shows getTable no sign of the trigger (DataStreamWriter keeps it to itself) and then
      // admits a Real-Time Mode sink by the class name of the table returned here: the query says
      // it runs in Real-Time Mode, and gets a table on Spark's allowlist.
      return KafkaRouted.realTimeModeTable(conf, schema);
    }
    WriterSpec spec = SinkPlanner.planAndCheckTopics(conf, schema);
    return new KafkaRoutedTable(schema, spec, conf);
  }

  @Override
  public BaseRelation createRelation(
      SQLContext sqlContext,
      SaveMode mode,
      scala.collection.immutable.Map<String, String> parameters,
      Dataset<Row> data) {
    if (mode == SaveMode.Overwrite || mode == SaveMode.Ignore) {
      throw new IllegalArgumentException(
          "Save mode "
              + mode
              + " not allowed for kafka-routed. Allowed save modes are Append and ErrorIfExists"
              + " (default): records are appended to topics.");
    }
    SinkConf conf = SinkConf.parse(CollectionConverters.asJava(parameters));
    WriterSpec spec = SinkPlanner.planAndCheckTopics(conf, data.schema());
    BatchWriteJob.run(data, spec);
    return new WrittenRelation(sqlContext);
  }

  @Override
  public boolean supportsDataType(DataType dataType) {
    // Columns other than the record fields only feed expressions or value.format=json.
    return true;
  }

  /** What a V1 write must return; Kafka cannot be read back as the written relation. */
  private static final class WrittenRelation extends BaseRelation {
    private final SQLContext sqlContext;

    WrittenRelation(SQLContext sqlContext) {
      this.sqlContext = sqlContext;
    }

    @Override
    public SQLContext sqlContext() {
      return sqlContext;
    }

    @Override
    public StructType schema() {
      return new StructType();
    }
  }
}
