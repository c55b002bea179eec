package io.github.kafkarouted.it.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The client side shared by every {@link KafkaTestCluster}: topic management, producing and
 * consuming, all through kafka-clients against {@link #clientProperties()}. Subclasses only say
 * where the cluster is and how it starts and stops.
 *
 * <p>Thread-safe: the admin client and producer are created once under a lock and are themselves
 * thread-safe; every consume call uses its own consumer.
 */
abstract class ClientBackedKafkaCluster implements KafkaTestCluster {
  /** How long topic operations and acknowledgements may take before a call fails. */
  static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private final Object clientsLock = new Object();
  private Admin admin;
  private KafkaProducer<byte[], byte[]> producer;
  private boolean clientsClosed;

  @Override
  public Admin admin() {
    synchronized (clientsLock) {
      requireClientsOpen();
      if (admin == null) {
        Map<String, Object> config = new HashMap<>(clientProperties());
        config.put("client.id", "test-cluster-admin");
        config.put("request.timeout.ms", 10_000);
        config.put("default.api.timeout.ms", (int) OPERATION_TIMEOUT.toMillis());
        admin = Admin.create(config);
      }
      return admin;
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    synchronized (clientsLock) {
      requireClientsOpen();
      if (producer == null) {
        Map<String, Object> config = new HashMap<>(clientProperties());
        config.put("client.id", "test-cluster-producer");
        config.put("acks", "all");
        config.put("linger.ms", 0);
        config.put("max.block.ms", (int) OPERATION_TIMEOUT.toMillis());
        config.put("request.timeout.ms", 10_000);
        config.put("delivery.timeout.ms", (int) OPERATION_TIMEOUT.toMillis());
        producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
      }
      return producer;
    }
  }

  private void requireClientsOpen() {
    if (clientsClosed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  /** Closes the shared clients for good; subclasses call it from {@code close()} before stopping the cluster. */
  protected final void closeClients() {
    synchronized (clientsLock) {
      clientsClosed = true;
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
        producer = null;
      }
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
        admin = null;
      }
    }
  }

  @Override
  public void createTopic(String topic, int partitions, Map<String, String> topicConfigs) {
    NewTopic newTopic = new NewTopic(topic, partitions, (short) 1).configs(topicConfigs);
    try {
      admin().createTopics(List.of(newTopic)).all().get(timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      String problem =
          e.getCause() instanceof TopicExistsException ? "Topic " + topic + " already exists" : "Could not create topic " + topic;
      throw new IllegalStateException(problem, e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw failed("create topic " + topic, e);
    }
    awaitUsable(topic, partitions);
  }

  /** Polls until the broker's metadata shows a leader for every partition and their offsets can be listed. */
  private void awaitUsable(String topic, int partitions) {
    long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        TopicDescription description = describe(topic);
        boolean allLed =
            description.partitions().size() == partitions
                && description.partitions().stream().allMatch(p -> p.leader() != null);
        if (allLed) {
          endOffsets(topic);
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      sleep(POLL_INTERVAL);
    }
    throw new IllegalStateException(
        "Topic " + topic + " did not become usable within " + OPERATION_TIMEOUT, last);
  }

  @Override
  public void deleteTopic(String topic) {
    try {
      admin().deleteTopics(List.of(topic)).all().get(timeoutMs(), TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
      while (admin().listTopics().names().get(timeoutMs(), TimeUnit.MILLISECONDS).contains(topic)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Topic " + topic + " still listed " + OPERATION_TIMEOUT + " after deletion");
        }
        sleep(POLL_INTERVAL);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not delete topic " + topic, e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw failed("delete topic " + topic, e);
    }
  }

  @Override
  public int partitionCount(String topic) {
    return describe(topic).partitions().size();
  }

  private TopicDescription describe(String topic) {
    try {
      return admin()
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(timeoutMs(), TimeUnit.MILLISECONDS)
          .get(topic);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not describe topic " + topic, e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw failed("describe topic " + topic, e);
    }
  }

  @Override
  public void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    KafkaProducer<byte[], byte[]> sender = producer();
    for (ProducerRecord<byte[], byte[]> record : records) {
      if (!topic.equals(record.topic())) {
        throw new IllegalArgumentException(
            "Record for topic " + record.topic() + " passed to produce(" + topic + ", ...)");
      }
      acks.add(sender.send(record));
    }
    sender.flush();
    try {
      for (Future<RecordMetadata> ack : acks) {
        ack.get(timeoutMs(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not produce to " + topic, e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw failed("produce to " + topic, e);
    }
  }

  @Override
  public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic) {
    return consumeAll(topic, false);
  }

  @Override
  public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, boolean readCommitted) {
    List<TopicPartition> partitions = partitionsOf(topic);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer(readCommitted)) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, OPERATION_TIMEOUT);
      long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read " + topic + " up to end offsets " + end + " within " + OPERATION_TIMEOUT
                  + "; read " + records.size() + " records");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            records.add(record);
          }
        }
      }
    }
    records.sort(
        Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    return records;
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  @Override
  public List<ConsumerRecord<byte[], byte[]>> consumeAtLeast(String topic, int n, Duration timeout) {
    List<TopicPartition> partitions = partitionsOf(topic);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = newConsumer()) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Expected at least " + n + " records in topic " + topic + " within " + timeout
                  + " but got " + records.size() + " (end offsets now " + endOffsets(topic) + ")");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  @Override
  public long endOffsetSum(String topic) {
    return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  private Map<TopicPartition, Long> endOffsets(String topic) {
    Map<TopicPartition, OffsetSpec> request =
        partitionsOf(topic).stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    try {
      return admin().listOffsets(request).all().get(timeoutMs(), TimeUnit.MILLISECONDS).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not list end offsets of " + topic, e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw failed("list end offsets of " + topic, e);
    }
  }

  private List<TopicPartition> partitionsOf(String topic) {
    return describe(topic).partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .collect(Collectors.toList());
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    return newConsumer(false);
  }

  private KafkaConsumer<byte[], byte[]> newConsumer(boolean readCommitted) {
    Map<String, Object> config = new HashMap<>(clientProperties());
    config.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
    config.put("enable.auto.commit", false);
    config.put("auto.offset.reset", "earliest");
    config.put("default.api.timeout.ms", (int) OPERATION_TIMEOUT.toMillis());
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public Optional<String> saslBootstrapServers() {
    return Optional.empty();
  }

  @Override
  public Optional<SaslCredentials> plainCredentials() {
    return Optional.empty();
  }

  @Override
  public Optional<SaslCredentials> scramCredentials() {
    return Optional.empty();
  }

  @Override
  public Optional<String> sslBootstrapServers() {
    return Optional.empty();
  }

  @Override
  public Optional<SslCredentials> sslCredentials() {
    return Optional.empty();
  }

  @Override
  public boolean supportsRestart() {
    return false;
  }

  @Override
  public void stopBroker() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot stop its broker");
  }

  @Override
  public void startBroker() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start its broker");
  }

  private static long timeoutMs() {
    return OPERATION_TIMEOUT.toMillis();
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  private static IllegalStateException failed(String what, Exception cause) {
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new IllegalStateException("Could not " + what + " within " + OPERATION_TIMEOUT, cause);
  }
}
