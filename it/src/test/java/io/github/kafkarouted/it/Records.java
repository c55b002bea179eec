package io.github.kafkarouted.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.streaming.StreamingQuery;

/** What the integration tests read off records and queries: keys, headers, the sink's metrics. */
public final class Records {

  private Records() {}

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The records' keys as UTF-8 strings, sorted, without duplicates. */
  public static Set<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<String> keys = new TreeSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      keys.add(new String(r.key(), StandardCharsets.UTF_8));
    }
    return keys;
  }

  /** The last header {@code name} as a UTF-8 string, or null. */
  public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The messages of {@code e} and its causes, for assertions on wrapped errors. */
  public static String messages(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getMessage()).append(" | ");
    }
    return b.toString();
  }

  /**
   * Waits up to 60 s until the query's last progress reports sink metric {@code name} of at least
   * {@code expected}, checks it is exactly that, and returns the progress's sink metrics.
   */
  public static Map<String, String> awaitSinkMetric(StreamingQuery query, String name, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (query.lastProgress() != null
          && query.lastProgress().sink().metrics().get(name) != null
          && Long.parseLong(query.lastProgress().sink().metrics().get(name)) >= expected) {
        Map<String, String> metrics = query.lastProgress().sink().metrics();
        assertEquals(Long.toString(expected), metrics.get(name));
        return metrics;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sink metric " + name + " never reached " + expected);
  }
}
