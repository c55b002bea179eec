package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.dispatch.NullKeyHeader;
import io.github.kafkarouted.connector.dispatch.OutputRow;
import io.github.kafkarouted.connector.plan.RecordLayout;
import io.github.kafkarouted.connector.plan.WriterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@link OutputRow} over the row that the compiled output projection produced (layout in {@link
 * RecordLayout}, route fields in {@link WriterSpec}). Every field is read out of the row at most
 * once per row (key and value may be handed in, read straight from the input), and topic names are
 * kept as Strings across rows, so that a row costs no conversions for the topics it shares with the
 * ones before it. Reused from row to row; not thread-safe.
 */
final class ProjectedRow implements OutputRow {

  /** Distinct topic names kept as Strings; beyond that a name is converted per row. */
  private static final int MAX_TOPIC_NAMES = 1024;

  private final WriterSpec spec;
  private final Map<UTF8String, String> topicNames = new HashMap<>();
  /** Per field: the last name seen there and its String, compared before any hashing. */
  private final UTF8String[] lastNames;
  private final String[] lastStrings;
  private InternalRow row;
  private byte[] key;
  private boolean keyRead;
  private byte[] value;
  private boolean valueRead;
  private String sourceTopic;
  private boolean sourceTopicRead;
  private Integer sourcePartition;
  private Long sourceOffset;
  private boolean sourcePositionRead;

  ProjectedRow(WriterSpec spec) {
    this.spec = spec;
    this.lastNames = new UTF8String[spec.outputExpressions().length];
    this.lastStrings = new String[lastNames.length];
  }

  ProjectedRow reset(InternalRow projected) {
    this.row = projected;
    this.keyRead = false;
    this.valueRead = false;
    this.sourceTopicRead = false;
    this.sourcePositionRead = false;
    return this;
  }

  /** The row's key, read by the caller (the projection does not hold it). */
  void giveKey(byte[] key) {
    this.key = key;
    this.keyRead = true;
  }

  /** The row's value, read by the caller (the projection does not hold it). */
  void giveValue(byte[] value) {
    this.value = value;
    this.valueRead = true;
  }

  @Override
  public boolean matches(int route) {
    int ordinal = spec.whenOrdinal(route);
    return !row.isNullAt(ordinal) && row.getBoolean(ordinal);
  }

  @Override
  public boolean ruleHolds(int rule) {
    int ordinal = spec.ruleOrdinal(rule);
    return !row.isNullAt(ordinal) && row.getBoolean(ordinal);
  }

  @Override
  public String computedTopic(int route) {
    return topicName(spec.topicExprOrdinal(route));
  }

  @Override
  public String topicColumn() {
    return topicName(RecordLayout.TOPIC);
  }

  @Override
  public byte[] key() {
    if (!keyRead) {
      key = row.isNullAt(RecordLayout.KEY) ? null : row.getBinary(RecordLayout.KEY);
      keyRead = true;
    }
    return key;
  }

  @Override
  public byte[] value() {
    if (!valueRead) {
      value = row.isNullAt(RecordLayout.VALUE) ? null : row.getBinary(RecordLayout.VALUE);
      valueRead = true;
    }
    return value;
  }

  @Override
  public Integer partition() {
    return row.isNullAt(RecordLayout.PARTITION) ? null : row.getInt(RecordLayout.PARTITION);
  }

  @Override
  public List<Header> headers() {
    if (row.isNullAt(RecordLayout.HEADERS)) {
      return null;
    }
    ArrayData array = row.getArray(RecordLayout.HEADERS);
    int n = array.numElements();
    List<Header> headers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      InternalRow header = array.getStruct(i, 2);
      String key = header.isNullAt(0) ? null : header.getUTF8String(0).toString();
      byte[] value = header.isNullAt(1) ? null : header.getBinary(1);
      // RecordHeader refuses a null key: keep the row, the dispatcher dead-letters it.
      headers.add(key == null ? new NullKeyHeader(value) : new RecordHeader(key, value));
    }
    return headers;
  }

  @Override
  public String sourceTopic() {
    if (!sourceTopicRead) {
      sourceTopic = topicName(RecordLayout.SOURCE_TOPIC);
      sourceTopicRead = true;
    }
    return sourceTopic;
  }

  @Override
  public Integer sourcePartition() {
    readSourcePosition();
    return sourcePartition;
  }

  @Override
  public Long sourceOffset() {
    readSourcePosition();
    return sourceOffset;
  }

  private void readSourcePosition() {
    if (!sourcePositionRead) {
      sourcePartition =
          row.isNullAt(RecordLayout.SOURCE_PARTITION) ? null : row.getInt(RecordLayout.SOURCE_PARTITION);
      sourceOffset = row.isNullAt(RecordLayout.SOURCE_OFFSET) ? null : row.getLong(RecordLayout.SOURCE_OFFSET);
      sourcePositionRead = true;
    }
  }

  @Override
  public Long originalTimestampMillis() {
    return row.isNullAt(RecordLayout.ORIGINAL_TIMESTAMP) ? null : row.getLong(RecordLayout.ORIGINAL_TIMESTAMP);
  }

  /**
   * The topic name at {@code ordinal} as a String, the same instance for the same name from row to
   * row (its hash is then computed once for every lookup by topic downstream).
   */
  private String topicName(int ordinal) {
    if (row.isNullAt(ordinal)) {
      return null;
    }
    UTF8String name = row.getUTF8String(ordinal);
    if (name.equals(lastNames[ordinal])) {
      return lastStrings[ordinal];
    }
    String known = topicNames.get(name);
    if (known != null) {
      return known;
    }
    String converted = name.toString();
    // The row's bytes are reused by the next row: the cached name needs its own copy, made once
    // per new name (a field alternating between known names is served by the map, copy-free).
    UTF8String copy = name.clone();
    if (topicNames.size() < MAX_TOPIC_NAMES) {
      topicNames.put(copy, converted);
    }
    lastNames[ordinal] = copy;
    lastStrings[ordinal] = converted;
    return converted;
  }
}
