package io.github.kafkarouted.connector.producer;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;

/**
 * Benchmark-only access to {@link ProducerPool}'s package-private constructor, so that the writer
 * benchmark can run the real {@code RoutedTaskWriter} with a producer that sends nowhere instead of
 * a copy of its per-row code. This class lives in the benchmarks module under the connector's
 * package name (both end up on one class path, outside any Java module), which leaves the
 * connector's public API unchanged.
 *
 * <p>Stateless and thread-safe.
 */
public final class BenchmarkProducerPools {

  private BenchmarkProducerPools() {}

  /**
   * A pool that creates its producers with {@code factory}, never evicts them, and closes them
   * when it is closed.
   */
  public static ProducerPool create(Function<Map<String, Object>, Producer<byte[], byte[]>> factory) {
    return new ProducerPool(factory, System::currentTimeMillis, Long.MAX_VALUE, null);
  }
}
