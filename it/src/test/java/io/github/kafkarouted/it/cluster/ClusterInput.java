package io.github.kafkarouted.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.it.cluster.app.Phase;
import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The rows every phase of the cluster app reads ({@code k-0000} to {@code k-<rows-1>}, of kind
 * {@code a}, {@code b} and {@code c} in turn) and the check of a phase's output: every key of kind
 * {@code a} on route A, {@code b} on route B, {@code c} on the dead-letter topic as NO_ROUTE, and
 * nothing else. Immutable.
 */
final class ClusterInput {
  private static final String[] KINDS = {"a", "b", "c"};
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private final int rows;

  /** Records found on a phase's output topics, duplicates included. */
  record OutputCounts(int routed, int deadLetters, int duplicates) {
    @Override
    public String toString() {
      return routed + " routed, " + deadLetters + " dead letters, " + duplicates + " duplicates";
    }
  }

  ClusterInput(int rows) {
    this.rows = rows;
  }

  /** Writes the rows round-robin over the topic's partitions. */
  void produceTo(KafkaTestCluster kafka, String topic) {
    int partitions = kafka.partitionCount(topic);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      String value = "{\"id\":" + i + ",\"kind\":\"" + KINDS[i % KINDS.length] + "\"}";
      records.add(new ProducerRecord<>(topic, i % partitions, utf8(key(i)), utf8(value)));
    }
    kafka.produce(topic, records);
  }

  /** The output topics of {@code phase}, each with the keys that must end there. */
  Map<String, Set<String>> expectedKeys(Phase phase, String prefix) {
    Map<String, Set<String>> expected = new HashMap<>();
    String[] routes = {Phase.ROUTE_A, Phase.ROUTE_B, Phase.DEAD_LETTERS};
    for (int kind = 0; kind < KINDS.length; kind++) {
      Set<String> keys = new TreeSet<>();
      for (int i = kind; i < rows; i += KINDS.length) {
        keys.add(key(i));
      }
      expected.put(phase.topic(prefix, routes[kind]), keys);
    }
    return expected;
  }

  /**
   * Waits until every expected key is on its topic, then checks that no other key is there and
   * that dead letters carry the reason NO_ROUTE. Returns the records found; duplicates come from
   * retried tasks writing their rows again (at-least-once): with {@code duplicatesAllowed} false,
   * there must be none. {@code failIfWriterDied} runs between reads, to fail at once (with the
   * writer's log) rather than after {@code timeout} when the app has died.
   */
  OutputCounts awaitOutput(
      KafkaTestCluster kafka, Phase phase, String prefix, Duration timeout, boolean duplicatesAllowed,
      Runnable failIfWriterDied)
      throws InterruptedException {
    Map<String, Set<String>> expected = expectedKeys(phase, prefix);
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, List<ConsumerRecord<byte[], byte[]>>> output = readAll(kafka, expected.keySet());
    while (!allKeysArrived(expected, output)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(phase.id() + ": not every row arrived within " + timeout + ": " + missing(expected, output));
      }
      failIfWriterDied.run();
      Thread.sleep(POLL_INTERVAL.toMillis());
      output = readAll(kafka, expected.keySet());
    }
    int routed = 0;
    int deadLetters = 0;
    for (Map.Entry<String, Set<String>> topic : expected.entrySet()) {
      List<ConsumerRecord<byte[], byte[]>> records = output.get(topic.getKey());
      assertEquals(topic.getValue(), keys(records), phase.id() + ": the keys on " + topic.getKey());
      if (topic.getKey().equals(phase.topic(prefix, Phase.DEAD_LETTERS))) {
        records.forEach(r -> assertEquals(DeadLetterReason.NO_ROUTE.name(), reason(r), phase.id() + ": reason of " + r));
        deadLetters += records.size();
      } else {
        routed += records.size();
      }
    }
    OutputCounts counts = new OutputCounts(routed, deadLetters, routed + deadLetters - rows);
    if (!duplicatesAllowed) {
      assertEquals(0, counts.duplicates(), phase.id() + ": duplicates without any failure");
    }
    return counts;
  }

  private static Map<String, List<ConsumerRecord<byte[], byte[]>>> readAll(KafkaTestCluster kafka, Set<String> topics) {
    Map<String, List<ConsumerRecord<byte[], byte[]>>> output = new HashMap<>();
    topics.forEach(topic -> output.put(topic, kafka.consumeAll(topic)));
    return output;
  }

  private static boolean allKeysArrived(
      Map<String, Set<String>> expected, Map<String, List<ConsumerRecord<byte[], byte[]>>> output) {
    return expected.entrySet().stream().allMatch(e -> keys(output.get(e.getKey())).containsAll(e.getValue()));
  }

  private static String missing(Map<String, Set<String>> expected, Map<String, List<ConsumerRecord<byte[], byte[]>>> output) {
    StringBuilder text = new StringBuilder();
    expected.forEach(
        (topic, keys) -> {
          Set<String> absent = new TreeSet<>(keys);
          absent.removeAll(keys(output.get(topic)));
          text.append(topic).append(" lacks ").append(absent.size()).append(" of ").append(keys.size()).append("; ");
        });
    return text.toString();
  }

  private static Set<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<String> keys = new TreeSet<>();
    records.forEach(r -> keys.add(r.key() == null ? "<null>" : new String(r.key(), StandardCharsets.UTF_8)));
    return keys;
  }

  private static String reason(ConsumerRecord<byte[], byte[]> record) {
    Header header = record.headers().lastHeader(DeadLetterHeaders.REASON);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String key(int i) {
    return String.format("k-%04d", i);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
