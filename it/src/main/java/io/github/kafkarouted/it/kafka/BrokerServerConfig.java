package io.github.kafkarouted.it.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code server.properties} of a single combined broker+controller KRaft node bound to
 * 127.0.0.1, sized for tests on a small machine. Immutable and thread-safe.
 *
 * <p>Contains the SASL users' passwords when SASL is on, and the key store password when SSL is on: it is written only into the broker's own
 * temp directory, never logged.
 */
final class BrokerServerConfig {
  static final int NODE_ID = 1;

  final int clientPort;
  final int controllerPort;
  final Optional<Integer> saslPort;
  final Optional<Integer> sslPort;
  private final Path dataDir;
  private final boolean autoCreateTopics;
  private final Optional<SaslCredentials> plainUser;
  private final Optional<TestKeyStores> keyStores;
  private final Map<String, String> overrides;

  BrokerServerConfig(
      int clientPort,
      int controllerPort,
      Optional<Integer> saslPort,
      Optional<Integer> sslPort,
      Path dataDir,
      boolean autoCreateTopics,
      Optional<SaslCredentials> plainUser,
      Optional<TestKeyStores> keyStores,
      Map<String, String> overrides) {
    if (sslPort.isPresent() != keyStores.isPresent()) {
      throw new IllegalArgumentException("An SSL listener needs key stores, and key stores an SSL listener");
    }
    this.clientPort = clientPort;
    this.controllerPort = controllerPort;
    this.saslPort = saslPort;
    this.sslPort = sslPort;
    this.dataDir = dataDir;
    this.autoCreateTopics = autoCreateTopics;
    this.plainUser = plainUser;
    this.keyStores = keyStores;
    this.overrides = Map.copyOf(overrides);
  }

  /** The properties in file order; caller-supplied overrides come last and win. */
  Map<String, String> properties() {
    String host = LocalKafkaBroker.HOST;
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    String listeners = "PLAINTEXT://" + host + ":" + clientPort + ",CONTROLLER://" + host + ":" + controllerPort;
    String advertised = "PLAINTEXT://" + host + ":" + clientPort;
    String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
    if (saslPort.isPresent()) {
      listeners += ",SASL_PLAINTEXT://" + host + ":" + saslPort.get();
      advertised += ",SASL_PLAINTEXT://" + host + ":" + saslPort.get();
      protocols += ",SASL_PLAINTEXT:SASL_PLAINTEXT";
    }
    if (sslPort.isPresent()) {
      listeners += ",SSL://" + host + ":" + sslPort.get();
      advertised += ",SSL://" + host + ":" + sslPort.get();
      protocols += ",SSL:SSL";
    }
    p.put("listeners", listeners);
    p.put("advertised.listeners", advertised);
    p.put("listener.security.protocol.map", protocols);
    plainUser.ifPresent(plain -> p.putAll(saslProperties(plain)));
    keyStores.ifPresent(stores -> p.putAll(sslProperties(stores)));
    p.put("log.dirs", dataDir.toString());
    p.put("auto.create.topics.enable", String.valueOf(autoCreateTopics));
    p.put("num.partitions", "1");
    // One node: every internal topic has one replica; few partitions keep startup and group creation fast.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Two cores: fewer threads and a small cleaner buffer (the default 128 MiB is heap).
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("background.threads", "2");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("log.cleaner.threads", "1");
    p.putAll(overrides);
    return p;
  }

  // PLAIN users live in the listener's JAAS config; SCRAM users are added at format time.
  private static Map<String, String> saslProperties(SaslCredentials plain) {
    Map<String, String> saslProperties = new LinkedHashMap<>();
    saslProperties.put("sasl.enabled.mechanisms", SaslCredentials.PLAIN + "," + SaslCredentials.SCRAM_SHA_512);
    saslProperties.put(
        "listener.name.sasl_plaintext.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
            + plain.username() + "=\"" + plain.password() + "\";");
    saslProperties.put(
        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    return saslProperties;
  }

  // Client certificates required: the SSL listener authenticates clients, as SASL does.
  private static Map<String, String> sslProperties(TestKeyStores stores) {
    String prefix = "listener.name.ssl.";
    Map<String, String> sslProperties = new LinkedHashMap<>();
    sslProperties.put(prefix + "ssl.keystore.location", stores.brokerKeyStore.toString());
    sslProperties.put(prefix + "ssl.keystore.type", SslCredentials.STORE_TYPE);
    sslProperties.put(prefix + "ssl.keystore.password", stores.brokerPassword);
    sslProperties.put(prefix + "ssl.key.password", stores.brokerPassword);
    sslProperties.put(prefix + "ssl.truststore.location", stores.brokerTrustStore.toString());
    sslProperties.put(prefix + "ssl.truststore.type", SslCredentials.STORE_TYPE);
    sslProperties.put(prefix + "ssl.truststore.password", stores.brokerPassword);
    sslProperties.put(prefix + "ssl.client.auth", "required");
    return sslProperties;
  }

  /** The file's text. Values never contain line breaks, so plain {@code key=value} lines suffice. */
  String render() {
    StringBuilder text = new StringBuilder("# Written by LocalKafkaBroker; test use only.\n");
    properties().forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
    return text.toString();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }

  /** log4j2 configuration for the broker JVM: INFO to stdout, which the fixture sends to a file. */
  static String log4j2Properties() {
    return String.join(
        "\n",
        "status = warn",
        "appender.out.type = Console",
        "appender.out.name = STDOUT",
        "appender.out.layout.type = PatternLayout",
        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.out.ref = STDOUT",
        "logger.statechange.name = state.change.logger",
        "logger.statechange.level = WARN",
        "logger.request.name = kafka.request.logger",
        "logger.request.level = WARN",
        "");
  }
}
