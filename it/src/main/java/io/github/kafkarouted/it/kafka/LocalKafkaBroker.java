package io.github.kafkarouted.it.kafka;

import io.github.kafkarouted.it.TempDirectories;
import io.github.kafkarouted.it.kafka.BrokerReadiness.PortConflictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka 4.1 broker in KRaft mode (one combined broker+controller node) running in
 * its own JVM, started from the jars that the {@code kafka-broker} module copies to
 * {@code kafka-broker/target/broker-libs}. Its kafka-clients 4.x never meets Spark's 3.9.1 on one
 * classpath.
 *
 * <p>The broker listens on 127.0.0.1 only, on ports free at start: a PLAINTEXT client listener, a
 * controller listener and, with {@link Builder#sasl(boolean)}, a SASL_PLAINTEXT listener with one
 * PLAIN and one SCRAM-SHA-512 user (random passwords) and, with {@link Builder#ssl(boolean)}, an SSL
 * listener requiring client certificates (stores made with {@code keytool}, random passwords). Data, config and the broker's log
 * ({@code broker.log}) live in a temp directory named {@code kafka-routed-broker-*}, deleted by
 * {@link #close()}. The broker JVM exits by itself when the JVM that started it dies, and the next
 * start removes what such a run left behind.
 *
 * <p>Thread-safe: lifecycle methods are synchronized; client operations come from
 * {@link ClientBackedKafkaCluster}. The parts live next to it: {@link BrokerLibs} finds the jars,
 * {@link BrokerDirectory} names the files, {@link StorageFormatter} formats the storage once,
 * {@link BrokerReadiness} waits for the started JVM.
 */
public final class LocalKafkaBroker extends ClientBackedKafkaCluster {
  /** The only address the broker binds and advertises. */
  public static final String HOST = "127.0.0.1";

  /** System property naming the directory of broker jars. */
  public static final String BROKER_LIBS_PROPERTY = "kafka.broker.libs";

  private static final String PLAIN_USER = "plainuser";
  private static final String SCRAM_USER = "scramuser";
  private static final int PORT_ATTEMPTS = 3;
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);

  private final Builder settings;
  private final Path brokerLibs;
  private final BrokerDirectory dir;
  private final BrokerServerConfig config;
  private final Optional<SaslCredentials> plainUser;
  private final Optional<SaslCredentials> scramUser;
  private final Optional<SslCredentials> sslClient;
  private final Thread shutdownHook;

  // Written under the monitor; volatile so the shutdown hook can read it without the lock.
  private volatile BrokerJvm jvm;
  private volatile Duration lastStartDuration = Duration.ZERO;
  private boolean closed;

  private LocalKafkaBroker(Builder settings, Path brokerLibs) {
    this.settings = settings;
    this.brokerLibs = brokerLibs;
    this.plainUser =
        settings.sasl
            ? Optional.of(new SaslCredentials(SaslCredentials.PLAIN, PLAIN_USER, RandomSecrets.next()))
            : Optional.empty();
    this.scramUser =
        settings.sasl
            ? Optional.of(new SaslCredentials(SaslCredentials.SCRAM_SHA_512, SCRAM_USER, RandomSecrets.next()))
            : Optional.empty();
    int[] ports = FreePorts.pick(2 + (settings.sasl ? 1 : 0) + (settings.ssl ? 1 : 0));
    Path root = TempDirectories.create(settings.baseDir, StaleBrokerReaper.DIR_PREFIX);
    this.dir = new BrokerDirectory(root);
    Optional<TestKeyStores> keyStores;
    try {
      keyStores =
          settings.ssl
              ? Optional.of(
                  TestKeyStores.generate(
                      root, RandomSecrets.next(), RandomSecrets.next(), RandomSecrets.next()))
              : Optional.empty();
    } catch (RuntimeException e) {
      TempDirectories.deleteQuietly(root);
      throw e;
    }
    this.sslClient = keyStores.map(stores -> stores.client);
    this.config =
        new BrokerServerConfig(
            ports[0],
            ports[1],
            settings.sasl ? Optional.of(ports[2]) : Optional.empty(),
            settings.ssl ? Optional.of(ports[ports.length - 1]) : Optional.empty(),
            root.resolve("data"),
            settings.autoCreateTopics,
            plainUser,
            keyStores,
            settings.brokerProperties);
    this.shutdownHook = new Thread(this::killAndDelete, "local-kafka-broker-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      StaleBrokerReaper.markOwner(root);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("Could not write the owner file in " + root, e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String bootstrapServers() {
    return HOST + ":" + config.clientPort;
  }

  @Override
  public Map<String, Object> clientProperties() {
    return Map.of("bootstrap.servers", bootstrapServers());
  }

  @Override
  public Optional<String> saslBootstrapServers() {
    return config.saslPort.map(port -> HOST + ":" + port);
  }

  @Override
  public Optional<SaslCredentials> plainCredentials() {
    return plainUser;
  }

  @Override
  public Optional<SaslCredentials> scramCredentials() {
    return scramUser;
  }

  @Override
  public Optional<String> sslBootstrapServers() {
    return config.sslPort.map(port -> HOST + ":" + port);
  }

  @Override
  public Optional<SslCredentials> sslCredentials() {
    return sslClient;
  }

  /** The broker's temp directory (config, data, {@code broker.log}). */
  public Path directory() {
    return dir.root();
  }

  /** The file receiving the broker JVM's stdout and stderr. */
  public Path logFile() {
    return dir.logFile();
  }

  /** PID of the broker JVM while it runs. */
  public OptionalLong brokerPid() {
    BrokerJvm current = jvm;
    return current != null && current.isAlive() ? OptionalLong.of(current.pid()) : OptionalLong.empty();
  }

  /** How long the last (re)start took from launching the broker JVM to ready, format included on the first. */
  public Duration lastStartDuration() {
    return lastStartDuration;
  }

  @Override
  public boolean supportsRestart() {
    return true;
  }

  @Override
  public synchronized void stopBroker() {
    requireOpen();
    BrokerJvm current = jvm;
    if (current != null) {
      current.stop(STOP_GRACE);
      LOG.info("Kafka broker at {} stopped", bootstrapServers());
    }
  }

  @Override
  public synchronized void startBroker() {
    requireOpen();
    BrokerJvm current = jvm;
    if (current != null && current.isAlive()) {
      throw new IllegalStateException("The broker at " + bootstrapServers() + " is already running");
    }
    launchAndAwaitReady(System.nanoTime());
    LOG.info("Kafka broker restarted at {} in {} ms", bootstrapServers(), lastStartDuration.toMillis());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeClients();
    } finally {
      killAndDelete();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to; it does the same work
      }
    }
  }

  private void killAndDelete() {
    BrokerJvm current = jvm;
    if (current != null) {
      current.stop(STOP_GRACE);
    }
    TempDirectories.deleteQuietly(dir.root());
  }

  @Override
  public String toString() {
    return "LocalKafkaBroker{bootstrap=" + bootstrapServers()
        + saslBootstrapServers().map(s -> ", sasl=" + s).orElse("")
        + sslBootstrapServers().map(s -> ", ssl=" + s).orElse("")
        + ", dir=" + dir.root() + "}";
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("This broker is closed");
    }
  }

  private synchronized void formatAndStart() {
    long started = System.nanoTime();
    dir.writeFiles(config);
    StorageFormatter.format(brokerLibs, dir, scramUser);
    long formatMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    launchAndAwaitReady(started);
    LOG.info(
        "Kafka broker ready at {} in {} ms (storage format {} ms); dir {}",
        bootstrapServers(), lastStartDuration.toMillis(), formatMs, dir.root());
  }

  private void launchAndAwaitReady(long startedNanos) {
    List<String> args =
        List.of(
            String.valueOf(ProcessHandle.current().pid()),
            "kafka.Kafka",
            dir.serverProperties().toString());
    List<String> command =
        BrokerJvm.javaCommand(
            brokerLibs, List.of(dir.launcherClasspath()), settings.heap, false, dir.log4jConfig(),
            OwnerWatchingLauncher.class.getName(), args);
    BrokerJvm started = BrokerJvm.start(command, dir.root(), dir.logFile());
    jvm = started;
    try {
      StaleBrokerReaper.markBroker(dir.root(), started.pid());
    } catch (IOException e) {
      LOG.warn("Could not record the broker PID in {}: {}", dir.root(), e.toString());
    }
    BrokerReadiness.await(
        started,
        config.clientPort,
        clientProperties(),
        startedNanos + settings.startTimeout.toNanos(),
        settings.startTimeout,
        STOP_GRACE,
        dir);
    lastStartDuration = Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** Settings of a {@link LocalKafkaBroker}; not thread-safe, use from one thread. */
  public static final class Builder {
    private boolean autoCreateTopics;
    private boolean sasl;
    private boolean ssl;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private String heap = "512m";
    private Duration startTimeout = Duration.ofSeconds(30);
    private Path brokerLibs;
    private Path baseDir = Paths.get(System.getProperty("java.io.tmpdir"));

    private Builder() {}

    /** Whether producing to an unknown topic creates it (default false: tests create topics explicitly). */
    public Builder autoCreateTopics(boolean enabled) {
      this.autoCreateTopics = enabled;
      return this;
    }

    /** Adds a SASL_PLAINTEXT listener with a PLAIN and a SCRAM-SHA-512 user (default off). */
    public Builder sasl(boolean enabled) {
      this.sasl = enabled;
      return this;
    }

    /**
     * Adds an SSL listener requiring client certificates, with PKCS12 stores made by {@code keytool}
     * in the broker's temp directory (default off); see {@link LocalKafkaBroker#sslCredentials()}.
     */
    public Builder ssl(boolean enabled) {
      this.ssl = enabled;
      return this;
    }

    /** Sets a broker property, overriding the fixture's own value for that key. */
    public Builder brokerProperty(String key, String value) {
      if (value.contains("\n") || key.contains("\n") || key.contains("=")) {
        throw new IllegalArgumentException("Broker property keys and values must be single-line; key " + key);
      }
      brokerProperties.put(key, value);
      return this;
    }

    /** Maximum heap of the broker JVM, in {@code -Xmx} syntax such as {@code 512m} or {@code 1g} (default 512m). */
    public Builder heap(String heap) {
      if (!heap.matches("\\d+[kKmMgG]?")) {
        throw new IllegalArgumentException("heap must look like 512m or 1g, got " + heap);
      }
      this.heap = heap;
      return this;
    }

    /** How long a (re)start may take before it fails (default 30 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Directory of the broker jars, instead of {@code -Dkafka.broker.libs} or the search from the working directory. */
    public Builder brokerLibs(Path dir) {
      this.brokerLibs = dir;
      return this;
    }

    /** Where the broker's temp directory is created (default {@code java.io.tmpdir}). */
    public Builder baseDir(Path dir) {
      this.baseDir = dir;
      return this;
    }

    /** Starts the broker and returns once it accepts requests. */
    public LocalKafkaBroker start() {
      Path libs = BrokerLibs.resolve(brokerLibs);
      StaleBrokerReaper.reap(baseDir);
      Builder frozen = copy();
      for (int attempt = 1; ; attempt++) {
        LocalKafkaBroker broker = new LocalKafkaBroker(frozen, libs);
        try {
          broker.formatAndStart();
          return broker;
        } catch (PortConflictException e) {
          broker.close();
          if (attempt == PORT_ATTEMPTS) {
            throw e;
          }
          LOG.warn("A broker port was taken before the broker bound it; retrying with new ports");
        } catch (RuntimeException | Error e) {
          broker.close();
          throw e;
        }
      }
    }

    private Builder copy() {
      Builder copy = new Builder();
      copy.autoCreateTopics = autoCreateTopics;
      copy.sasl = sasl;
      copy.ssl = ssl;
      copy.brokerProperties.putAll(brokerProperties);
      copy.heap = heap;
      copy.startTimeout = startTimeout;
      copy.brokerLibs = brokerLibs;
      copy.baseDir = baseDir;
      return copy;
    }
  }
}
