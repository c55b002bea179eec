package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.dispatch.NullKeyHeader;
import io.github.kafkarouted.connector.dispatch.OutputRow;
import io.github.kafkarouted.connector.plan.RecordLayout;
import io.github.kafkarouted.connector.plan.WriterSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * {@link OutputRow} over the row that the compiled output projection produced (layout in {@link
 * RecordLayout}, route fields in {@link WriterSpec}). Key and value are copied out of the row once,
 * at their first read. Reused from row to row; not thread-safe.
 */
final class ProjectedRow implements OutputRow {

  private final WriterSpec spec;
  private InternalRow row;
  private byte[] key;
  private boolean keyRead;
  private byte[] value;
  private boolean valueRead;

  ProjectedRow(WriterSpec spec) {
    this.spec = spec;
  }

  /**
   * @param value the value bytes when already read (they are the row's {@code VALUE} field), or
   *     null to read them from the row when asked
   */
  ProjectedRow reset(InternalRow projected, byte[] value) {
    this.row = projected;
    this.keyRead = false;
    this.value = value;
    this.valueRead = value != null;
    return this;
  }

  @Override
  public boolean matches(int route) {
    int ordinal = spec.whenOrdinal(route);
    return !row.isNullAt(ordinal) && row.getBoolean(ordinal);
  }

  @Override
  public String computedTopic(int route) {
    return string(spec.topicExprOrdinal(route));
  }

  @Override
  public String topicColumn() {
    return string(RecordLayout.TOPIC);
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
    return string(RecordLayout.SOURCE_TOPIC);
  }

  @Override
  public Integer sourcePartition() {
    return row.isNullAt(RecordLayout.SOURCE_PARTITION) ? null : row.getInt(RecordLayout.SOURCE_PARTITION);
  }

  @Override
  public Long sourceOffset() {
    return row.isNullAt(RecordLayout.SOURCE_OFFSET) ? null : row.getLong(RecordLayout.SOURCE_OFFSET);
  }

  @Override
  public Long originalTimestampMillis() {
    return row.isNullAt(RecordLayout.ORIGINAL_TIMESTAMP) ? null : row.getLong(RecordLayout.ORIGINAL_TIMESTAMP);
  }

  private String string(int ordinal) {
    return row.isNullAt(ordinal) ? null : row.getUTF8String(ordinal).toString();
  }
}
