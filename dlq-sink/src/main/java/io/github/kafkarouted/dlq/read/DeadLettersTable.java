package io.github.kafkarouted.dlq.read;

import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.kafka010.KafkaSourceProvider;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A DLQ topic as a readable table: Spark's Kafka table underneath, with headers always on. */
final class DeadLettersTable implements SupportsRead {

  private static final String INCLUDE_HEADERS = "includeHeaders";

  private final Map<String, String> properties;

  DeadLettersTable(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
  }

  @Override
  public String name() {
    return DeadLettersProvider.SHORT_NAME;
  }

  @Override
  public StructType schema() {
    return DeadLetterColumns.SCHEMA;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ, TableCapability.MICRO_BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    CaseInsensitiveStringMap kafkaOptions = withHeaders(options);
    Table kafka = new KafkaSourceProvider().getTable(kafkaOptions);
    ScanBuilder kafkaScans = ((SupportsRead) kafka).newScanBuilder(kafkaOptions);
    return () -> new DeadLettersScan(kafkaScans.build());
  }

  /** The context headers are what the rows are decoded from: the Kafka source must read them. */
  private static CaseInsensitiveStringMap withHeaders(CaseInsensitiveStringMap options) {
    Map<String, String> copy = new HashMap<>(options.asCaseSensitiveMap());
    copy.keySet().removeIf(k -> k.equalsIgnoreCase(INCLUDE_HEADERS));
    copy.put(INCLUDE_HEADERS, "true");
    return new CaseInsensitiveStringMap(copy);
  }
}
