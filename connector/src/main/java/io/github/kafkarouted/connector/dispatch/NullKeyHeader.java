package io.github.kafkarouted.connector.dispatch;

import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * A header whose key is null. A row's {@code headers} column can hold one; a Kafka record cannot
 * ({@code RecordHeader} throws on it, which would fail the task). The row is carried as far as the
 * {@link RecordDispatcher}, which makes it an {@code INVALID_RECORD} dead letter; the dead letter
 * leaves such headers out. Immutable.
 */
public record NullKeyHeader(byte[] value) implements Header {

  @Override
  public String key() {
    return null;
  }

  /** Why {@code headers} cannot be written (the first header without key), or null if it can. */
  static String problem(List<Header> headers) {
    if (headers == null) {
      return null;
    }
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).key() == null) {
        return "Header " + i + " of the row's 'headers' column has a null key; Kafka headers need a key.";
      }
    }
    return null;
  }

  /** {@code headers} without the ones that have no key (null stays null). */
  static List<Header> writable(List<Header> headers) {
    if (headers == null || problem(headers) == null) {
      return headers;
    }
    return headers.stream().filter(h -> h.key() != null).toList();
  }
}
