package io.github.kafkarouted.lag.offsets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerOffsetClient} on Kafka {@link Admin} clients: one Admin per distinct {@link
 * KafkaConnection}, created on first use and closed when {@link #retainOnly} no longer lists its
 * connection (no running query reads that cluster) or on {@link #close()}.
 *
 * <p>Thread-safe (methods are synchronized), though the tracker calls it from one thread only.
 */
public final class AdminBrokerOffsetClient implements BrokerOffsetClient {

  private static final Logger LOG = LoggerFactory.getLogger(AdminBrokerOffsetClient.class);

  private final Duration timeout;
  private final Function<Properties, Admin> adminFactory;
  private final Map<KafkaConnection, Admin> admins = new HashMap<>();
  private boolean closed;

  /** @param timeout how long one call may wait for the brokers */
  public AdminBrokerOffsetClient(Duration timeout) {
    this(timeout, Admin::create);
  }

  AdminBrokerOffsetClient(Duration timeout, Function<Properties, Admin> adminFactory) {
    this.timeout = timeout;
    this.adminFactory = adminFactory;
  }

  @Override
  public synchronized Map<TopicPartition, Long> endOffsets(
      KafkaConnection connection, Set<TopicPartition> partitions) throws Exception {
    return listOffsets(connection, partitions, OffsetSpec.latest());
  }

  @Override
  public synchronized Map<TopicPartition, Long> earliestOffsets(
      KafkaConnection connection, Set<TopicPartition> partitions) throws Exception {
    return listOffsets(connection, partitions, OffsetSpec.earliest());
  }

  private Map<TopicPartition, Long> listOffsets(
      KafkaConnection connection, Set<TopicPartition> partitions, OffsetSpec spec)
      throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    ListOffsetsOptions options =
        new ListOffsetsOptions(
                connection.readCommitted()
                    ? IsolationLevel.READ_COMMITTED
                    : IsolationLevel.READ_UNCOMMITTED)
            .timeoutMs((int) timeout.toMillis());
    ListOffsetsResult result = admin(connection).listOffsets(request, options);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    Exception firstFailure = null;
    for (TopicPartition tp : partitions) {
      try {
        offsets.put(
            tp, result.partitionResult(tp).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset());
      } catch (ExecutionException e) {
        firstFailure = firstFailure == null ? e : firstFailure;
        LOG.debug("No offset for {} from {}: {}", tp, connection, e.getCause().toString());
      }
    }
    if (offsets.isEmpty() && firstFailure != null) {
      throw firstFailure;
    }
    return offsets;
  }

  @Override
  public synchronized void commitOffsets(
      KafkaConnection connection, String groupId, Map<TopicPartition, Long> positions)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    positions.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
    admin(connection)
        .alterConsumerGroupOffsets(
            groupId,
            offsets,
            new AlterConsumerGroupOffsetsOptions().timeoutMs((int) timeout.toMillis()))
        .all()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void retainOnly(Collection<KafkaConnection> inUse) {
    Set<KafkaConnection> keep = new HashSet<>(inUse);
    List<KafkaConnection> unused = new ArrayList<>();
    for (KafkaConnection c : admins.keySet()) {
      if (!keep.contains(c)) {
        unused.add(c);
      }
    }
    for (KafkaConnection c : unused) {
      closeQuietly(c, admins.remove(c));
    }
  }

  /** Number of open Admin clients. */
  @Override
  public synchronized int openClients() {
    return admins.size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    admins.forEach(this::closeQuietly);
    admins.clear();
  }

  private Admin admin(KafkaConnection connection) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    return admins.computeIfAbsent(
        connection,
        c -> {
          Properties props = new Properties();
          props.putAll(c.adminConfig());
          props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-routed-lag");
          props.putIfAbsent(
              AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
          props.putIfAbsent(
              AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
              String.valueOf(Math.min(timeout.toMillis(), Integer.MAX_VALUE)));
          LOG.info("Opening Admin client for lag metrics: {}", c);
          return adminFactory.apply(props);
        });
  }

  private void closeQuietly(KafkaConnection connection, Admin admin) {
    try {
      admin.close(Duration.ofSeconds(5));
      LOG.info("Closed Admin client for lag metrics: {}", connection);
    } catch (RuntimeException e) {
      LOG.warn("Closing Admin client of {} failed", connection, e);
    }
  }
}
