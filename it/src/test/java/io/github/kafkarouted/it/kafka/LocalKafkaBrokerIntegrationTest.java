package io.github.kafkarouted.it.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.it.TempDirectories;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The broker fixture itself: topics, records with headers, restart, SASL users, SSL, cleanup. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalKafkaBrokerIntegrationTest {
  private static LocalKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = LocalKafkaBroker.builder().sasl(true).ssl(true).start();
  }

  @AfterAll
  static void closeBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void producedRecordsComeBackWithKeysValuesAndHeaders() {
    String topic = broker.createUniqueTopic("fixture", 3);
    List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(new RecordHeader("n", bytes("n" + i)));
      headers.add(new RecordHeader("n", bytes("again")));
      headers.add(new RecordHeader("empty", null));
      sent.add(new ProducerRecord<>(topic, i % 3, bytes("k" + i), bytes("v" + i), headers));
    }
    broker.produce(topic, sent);

    List<ConsumerRecord<byte[], byte[]>> received = broker.consumeAll(topic);

    assertEquals(30, received.size());
    assertEquals(30, broker.endOffsetSum(topic));
    for (ConsumerRecord<byte[], byte[]> record : received) {
      int i = Integer.parseInt(new String(record.key(), StandardCharsets.UTF_8).substring(1));
      assertEquals(i % 3, record.partition());
      assertArrayEquals(bytes("v" + i), record.value());
      var headers = record.headers().toArray();
      assertEquals(3, headers.length);
      assertArrayEquals(bytes("n" + i), headers[0].value());
      assertArrayEquals(bytes("again"), headers[1].value());
      assertEquals("empty", headers[2].key());
      assertNull(headers[2].value());
    }
  }

  @Test
  void produceStringsSpreadsOverPartitionsAndConsumeAtLeastSeesThem() {
    String topic = broker.createUniqueTopic("strings", 2);
    broker.produceStrings(topic, List.of("a", "b", "c", "d"));

    List<ConsumerRecord<byte[], byte[]>> received = broker.consumeAtLeast(topic, 4, Duration.ofSeconds(30));

    assertEquals(4, received.size());
    assertEquals(2, received.stream().filter(r -> r.partition() == 0).count());
    assertEquals(2, broker.partitionCount(topic));
  }

  @Test
  void consumeAtLeastNamesTheShortfallWhenRecordsAreMissing() {
    String topic = broker.createUniqueTopic("short", 1);
    broker.produceStrings(topic, List.of("only"));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> broker.consumeAtLeast(topic, 2, Duration.ofSeconds(1)));

    assertTrue(e.getMessage().contains("Expected at least 2 records in topic " + topic), e.getMessage());
    assertTrue(e.getMessage().contains("but got 1"), e.getMessage());
  }

  @Test
  void deletedTopicIsGone() throws Exception {
    String topic = broker.createUniqueTopic("deleted", 1);

    broker.deleteTopic(topic);

    assertFalse(broker.admin().listTopics().names().get().contains(topic));
  }

  @Test
  void topicsAreNotCreatedAutomatically() throws Exception {
    String topic = "never-created-" + System.nanoTime();
    Map<String, Object> config = new HashMap<>(broker.clientProperties());
    config.put("max.block.ms", 2000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThrows(Exception.class, () -> producer.send(new ProducerRecord<>(topic, bytes("x"))).get());
    }
    assertFalse(broker.admin().listTopics().names().get().contains(topic));
  }

  @Test
  void plainAndScramUsersCanProduceOverSasl() throws Exception {
    String topic = broker.createUniqueTopic("sasl", 1);
    SaslCredentials plain = broker.plainCredentials().orElseThrow();
    SaslCredentials scram = broker.scramCredentials().orElseThrow();

    produceAs(plain, topic, "via-plain");
    produceAs(scram, topic, "via-scram");

    List<String> values = new ArrayList<>();
    broker.consumeAll(topic).forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
    assertEquals(List.of("via-plain", "via-scram"), values);
  }

  @Test
  void wrongPasswordIsRefusedWithAnAuthenticationError() {
    for (SaslCredentials user : List.of(broker.plainCredentials().orElseThrow(), broker.scramCredentials().orElseThrow())) {
      SaslCredentials wrong = user.withPassword("not-the-password");
      Map<String, Object> config = new HashMap<>(broker.saslClientProperties(wrong));
      // Far longer than the 20 s we wait below: only an authentication error, not a timeout, ends the call in time.
      config.put("default.api.timeout.ms", 120_000);
      try (Admin admin = Admin.create(config)) {
        ExecutionException e =
            assertThrows(
                ExecutionException.class,
                () -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS),
                user.mechanism());
        assertInstanceOf(SaslAuthenticationException.class, e.getCause(), user.mechanism());
      }
    }
  }

  @Test
  void sslClientWithTheKeytoolStoresCanProduce() throws Exception {
    String topic = broker.createUniqueTopic("ssl", 1);
    SslCredentials ssl = broker.sslCredentials().orElseThrow();
    assertTrue(Files.isRegularFile(ssl.trustStore()) && ssl.trustStore().startsWith(broker.directory()));

    Map<String, Object> config = new HashMap<>(broker.sslClientProperties(ssl));
    config.put("acks", "all");
    config.put("max.block.ms", 20_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, bytes("via-ssl"))).get(30, TimeUnit.SECONDS);
    }

    assertEquals("via-ssl", new String(broker.consumeAll(topic).get(0).value(), StandardCharsets.UTF_8));
  }

  @Test
  void sslClientWithoutACertificateIsRefused() {
    SslCredentials ssl = broker.sslCredentials().orElseThrow();
    Map<String, Object> config = new HashMap<>(broker.sslClientProperties(ssl));
    config.keySet().removeIf(key -> key.startsWith("ssl.keystore") || key.equals("ssl.key.password"));
    config.put("default.api.timeout.ms", 120_000);
    try (Admin admin = Admin.create(config)) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS));
      assertInstanceOf(SslAuthenticationException.class, e.getCause());
    }
  }

  @Test
  void toStringNeverShowsPasswords() {
    SaslCredentials plain = broker.plainCredentials().orElseThrow();
    SaslCredentials scram = broker.scramCredentials().orElseThrow();
    SslCredentials ssl = broker.sslCredentials().orElseThrow();
    for (String text : List.of(broker.toString(), plain.toString(), scram.toString(), ssl.toString())) {
      assertFalse(text.contains(plain.password()), text);
      assertFalse(text.contains(scram.password()), text);
      assertFalse(text.contains(ssl.keyStorePassword()), text);
      assertFalse(text.contains(ssl.trustStorePassword()), text);
    }
  }

  @Test
  void restartKeepsPortsAndData() {
    try (LocalKafkaBroker restartable = LocalKafkaBroker.builder().start()) {
      String bootstrap = restartable.bootstrapServers();
      String topic = restartable.createUniqueTopic("restart", 2);
      restartable.produceStrings(topic, List.of("before-1", "before-2"));
      long firstPid = restartable.brokerPid().getAsLong();

      restartable.stopBroker();
      assertTrue(restartable.brokerPid().isEmpty());
      assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
      restartable.startBroker();

      assertEquals(bootstrap, restartable.bootstrapServers());
      assertNotEquals(firstPid, restartable.brokerPid().getAsLong());
      restartable.produceStrings(topic, List.of("after-1", "after-2"));
      assertEquals(4, restartable.consumeAll(topic).size());
    }
  }

  @Test
  void closeLeavesNoProcessAndNoDirectory() {
    LocalKafkaBroker closing = LocalKafkaBroker.builder().start();
    long pid = closing.brokerPid().getAsLong();
    Path dir = closing.directory();
    assertTrue(Files.isDirectory(dir));

    closing.close();
    closing.close();

    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(Files.exists(dir));
  }

  @Test
  void failedStartShowsTheBrokerLogAndLeavesNothingBehind() throws Exception {
    Path baseDir = TempDirectories.create("kr-failed-start-");
    try {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> LocalKafkaBroker.builder().baseDir(baseDir).brokerProperty("num.io.threads", "many").start());

      assertTrue(e.getMessage().contains("num.io.threads"), e.getMessage());
      try (var left = Files.list(baseDir)) {
        assertEquals(0, left.count());
      }
    } finally {
      TempDirectories.delete(baseDir);
    }
  }

  @Test
  void brokerOfAKilledOwnerStopsAndTheNextStartRemovesItsDirectory() throws Exception {
    Path baseDir = TempDirectories.create("kr-owner-test-");
    Process owner = startOwnerJvm(baseDir);
    try {
      String[] ready = awaitReadyLine(owner);
      long brokerPid = Long.parseLong(ready[1]);
      Path staleDir = Paths.get(ready[2]);

      owner.destroyForcibly().waitFor();

      ProcessHandle.of(brokerPid).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
      assertTrue(Files.isDirectory(staleDir), "nobody else removes the directory");
      try (LocalKafkaBroker next = LocalKafkaBroker.builder().baseDir(baseDir).start()) {
        assertFalse(Files.exists(staleDir));
        assertTrue(Files.isDirectory(next.directory()));
      }
    } finally {
      owner.destroyForcibly();
      TempDirectories.delete(baseDir);
    }
  }

  private static Process startOwnerJvm(Path baseDir) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path")));
    String libs = System.getProperty(LocalKafkaBroker.BROKER_LIBS_PROPERTY);
    if (libs != null) {
      command.add("-D" + LocalKafkaBroker.BROKER_LIBS_PROPERTY + "=" + libs);
    }
    command.add(BrokerOwnerMain.class.getName());
    command.add(baseDir.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String[] awaitReadyLine(Process owner) throws Exception {
    // readLine blocks until the owner prints or dies; the class-level @Timeout bounds it.
    BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("READY ")) {
        return line.split(" ");
      }
      seen.add(line);
    }
    throw new AssertionError("Owner JVM exited before its broker was ready:\n" + String.join("\n", seen));
  }

  private static void produceAs(SaslCredentials user, String topic, String value) throws Exception {
    Map<String, Object> config = new HashMap<>(broker.saslClientProperties(user));
    config.put("acks", "all");
    config.put("max.block.ms", 20_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, bytes(value))).get(30, TimeUnit.SECONDS);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
