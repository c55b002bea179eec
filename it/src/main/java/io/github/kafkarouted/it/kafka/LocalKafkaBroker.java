package io.github.kafkarouted.it.kafka;

import io.github.kafkarouted.it.TempDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
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
 * {@link ClientBackedKafkaCluster}.
 */
public final class LocalKafkaBroker extends ClientBackedKafkaCluster {
  /** The only address the broker binds and advertises. */
  public static final String HOST = "127.0.0.1";

  /** System property naming the directory of broker jars. */
  public static final String BROKER_LIBS_PROPERTY = "kafka.broker.libs";

  static final String BROKER_LIBS_RELATIVE = "kafka-broker/target/broker-libs";
  private static final String PLAIN_USER = "plainuser";
  private static final String SCRAM_USER = "scramuser";
  private static final int PORT_ATTEMPTS = 3;
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 40;

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);

  private final Builder settings;
  private final Path brokerLibs;
  private final Path dir;
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
            ? Optional.of(new SaslCredentials(SaslCredentials.PLAIN, PLAIN_USER, randomSecret()))
            : Optional.empty();
    this.scramUser =
        settings.sasl
            ? Optional.of(new SaslCredentials(SaslCredentials.SCRAM_SHA_512, SCRAM_USER, randomSecret()))
            : Optional.empty();
    int[] ports = FreePorts.pick(2 + (settings.sasl ? 1 : 0) + (settings.ssl ? 1 : 0));
    this.dir = TempDirectories.create(settings.baseDir, StaleBrokerReaper.DIR_PREFIX);
    Optional<TestKeyStores> keyStores;
    try {
      keyStores =
          settings.ssl
              ? Optional.of(TestKeyStores.generate(dir, randomSecret(), randomSecret(), randomSecret()))
              : Optional.empty();
    } catch (RuntimeException e) {
      TempDirectories.deleteQuietly(dir);
      throw e;
    }
    this.sslClient = keyStores.map(stores -> stores.client);
    this.config =
        new BrokerServerConfig(
            ports[0],
            ports[1],
            settings.sasl ? Optional.of(ports[2]) : Optional.empty(),
            settings.ssl ? Optional.of(ports[ports.length - 1]) : Optional.empty(),
            dir.resolve("data"),
            settings.autoCreateTopics,
            plainUser,
            keyStores,
            settings.brokerProperties);
    this.shutdownHook = new Thread(this::killAndDelete, "local-kafka-broker-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      StaleBrokerReaper.markOwner(dir);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("Could not write the owner file in " + dir, e);
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
    return dir;
  }

  /** The file receiving the broker JVM's stdout and stderr. */
  public Path logFile() {
    return dir.resolve("broker.log");
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
    TempDirectories.deleteQuietly(dir);
  }

  @Override
  public String toString() {
    return "LocalKafkaBroker{bootstrap=" + bootstrapServers()
        + saslBootstrapServers().map(s -> ", sasl=" + s).orElse("")
        + sslBootstrapServers().map(s -> ", ssl=" + s).orElse("")
        + ", dir=" + dir + "}";
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("This broker is closed");
    }
  }

  private synchronized void formatAndStart() {
    long started = System.nanoTime();
    try {
      Files.writeString(dir.resolve("server.properties"), config.render(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("log4j2.properties"), BrokerServerConfig.log4j2Properties(), StandardCharsets.UTF_8);
      copyLauncher(dir.resolve("launcher"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the broker files in " + dir, e);
    }
    format();
    long formatMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    launchAndAwaitReady(started);
    LOG.info(
        "Kafka broker ready at {} in {} ms (storage format {} ms); dir {}",
        bootstrapServers(), lastStartDuration.toMillis(), formatMs, dir);
  }

  private void format() {
    List<String> args =
        new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties()));
    scramUser.ifPresent(
        user -> {
          args.add("--add-scram");
          args.add(user.mechanism() + "=[name=" + user.username() + ",password=" + user.password() + "]");
        });
    List<String> command =
        BrokerJvm.javaCommand(brokerLibs, List.of(), "256m", log4jConfig(), "kafka.tools.StorageTool", args);
    BrokerJvm formatter = BrokerJvm.start(command, dir, logFile());
    if (!formatter.awaitExit(FORMAT_TIMEOUT)) {
      formatter.stop(Duration.ofSeconds(5));
      throw new IllegalStateException("Formatting the broker storage took over " + FORMAT_TIMEOUT + tail());
    }
    if (formatter.exitValueOrMinusOne() != 0) {
      throw new IllegalStateException(
          "Formatting the broker storage failed with status " + formatter.exitValueOrMinusOne() + tail());
    }
  }

  private void launchAndAwaitReady(long startedNanos) {
    List<String> args =
        List.of(String.valueOf(ProcessHandle.current().pid()), "kafka.Kafka", serverProperties());
    List<String> command =
        BrokerJvm.javaCommand(
            brokerLibs, List.of(dir.resolve("launcher")), settings.heap, log4jConfig(),
            OwnerWatchingLauncher.class.getName(), args);
    BrokerJvm started = BrokerJvm.start(command, dir, logFile());
    jvm = started;
    try {
      StaleBrokerReaper.markBroker(dir, started.pid());
    } catch (IOException e) {
      LOG.warn("Could not record the broker PID in {}: {}", dir, e.toString());
    }
    awaitReady(started, startedNanos);
    lastStartDuration = Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** Polls with a short-lived admin client until the broker answers describeCluster and listTopics. */
  private void awaitReady(BrokerJvm started, long startedNanos) {
    long deadline = startedNanos + settings.startTimeout.toNanos();
    Map<String, Object> probeConfig = new LinkedHashMap<>(clientProperties());
    probeConfig.put("client.id", "local-kafka-broker-readiness");
    probeConfig.put("request.timeout.ms", 2000);
    probeConfig.put("default.api.timeout.ms", 3000);
    probeConfig.put("reconnect.backoff.ms", 50);
    probeConfig.put("reconnect.backoff.max.ms", 250);
    probeConfig.put("retry.backoff.ms", 50);
    // A plain connect first: an admin client polling a closed port fills the test log with warnings.
    while (!acceptsConnections(config.clientPort)) {
      checkStillStarting(started, deadline);
      sleep(Duration.ofMillis(50));
    }
    try (Admin probe = Admin.create(probeConfig)) {
      while (!answers(probe)) {
        checkStillStarting(started, deadline);
        sleep(Duration.ofMillis(100));
      }
    }
  }

  private void checkStillStarting(BrokerJvm started, long deadline) {
    if (!started.isAlive()) {
      String message =
          "The broker JVM exited with status " + started.exitValueOrMinusOne() + " during startup" + tail();
      throw message.contains("Address already in use")
          ? new PortConflictException(message)
          : new IllegalStateException(message);
    }
    if (System.nanoTime() > deadline) {
      started.stop(STOP_GRACE);
      throw new IllegalStateException("The broker was not ready within " + settings.startTimeout + tail());
    }
  }

  private static boolean acceptsConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static boolean answers(Admin probe) {
    try {
      boolean hasNodes = !probe.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
      probe.listTopics().names().get(3, TimeUnit.SECONDS);
      return hasNodes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the broker", e);
    } catch (Exception notYet) {
      return false;
    }
  }

  private String tail() {
    return "\n--- last lines of " + logFile() + " ---\n" + BrokerJvm.tail(logFile(), LOG_TAIL_LINES);
  }

  private String serverProperties() {
    return dir.resolve("server.properties").toString();
  }

  private Path log4jConfig() {
    return dir.resolve("log4j2.properties");
  }

  /** Copies the launcher's class file to {@code root}, the one extra classpath entry of the broker JVM. */
  private static void copyLauncher(Path root) throws IOException {
    Class<?> launcher = OwnerWatchingLauncher.class;
    String fileName = launcher.getSimpleName() + ".class";
    Path target = root.resolve(launcher.getPackageName().replace('.', '/')).resolve(fileName);
    Files.createDirectories(target.getParent());
    try (InputStream in = launcher.getResourceAsStream(fileName)) {
      Files.copy(Objects.requireNonNull(in, "class file of " + launcher.getName()), target);
    }
  }

  private static String randomSecret() {
    SecureRandom random = new SecureRandom();
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    StringBuilder secret = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return secret.toString();
  }

  /**
   * The broker jars: the explicit directory, else {@code -Dkafka.broker.libs}, else
   * {@code kafka-broker/target/broker-libs} in the working directory or a parent of it.
   */
  static Path resolveBrokerLibs(Path explicit) {
    List<Path> candidates = new ArrayList<>();
    if (explicit != null) {
      candidates.add(explicit);
    }
    String property = System.getProperty(BROKER_LIBS_PROPERTY);
    if (property != null && !property.isBlank()) {
      candidates.add(Paths.get(property));
    }
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      candidates.add(d.resolve(BROKER_LIBS_RELATIVE));
    }
    for (Path candidate : candidates) {
      if (hasKafkaJar(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "Kafka broker jars not found (looked in " + candidates + "). Build them with "
            + "'mvn -pl kafka-broker package' from the repository root, or set -D"
            + BROKER_LIBS_PROPERTY + "=<dir>");
  }

  private static boolean hasKafkaJar(Path dir) {
    try (var files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().matches("kafka_2\\.13-.*\\.jar"));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /** Thrown when another process took one of the chosen ports before the broker bound it. */
  private static final class PortConflictException extends IllegalStateException {
    PortConflictException(String message) {
      super(message);
    }
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
      Path libs = resolveBrokerLibs(brokerLibs);
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
