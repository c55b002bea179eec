package io.github.kafkarouted.it.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PKCS12 stores of an SSL listener with client authentication, made with the JDK's
 * {@code keytool} at test time: a self-signed broker certificate (SAN {@code IP:127.0.0.1} and
 * {@code DNS:localhost}, so host name verification stays on), a self-signed client certificate,
 * and two truststores, each trusting the other side's certificate. Valid for two days. Immutable.
 *
 * <p>Passwords go to {@code keytool} as arguments of a child process: fine for throwaway test
 * stores, never for real ones.
 */
final class TestKeyStores {
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  final Path brokerKeyStore;
  final Path brokerTrustStore;
  final String brokerPassword;
  final SslCredentials client;

  private TestKeyStores(Path brokerKeyStore, Path brokerTrustStore, String brokerPassword, SslCredentials client) {
    this.brokerKeyStore = brokerKeyStore;
    this.brokerTrustStore = brokerTrustStore;
    this.brokerPassword = brokerPassword;
    this.client = client;
  }

  /**
   * Writes the stores into {@code dir}.
   *
   * @param brokerPassword password of the broker's keystore, key and truststore
   * @param trustStorePassword password of the client's truststore
   * @param keyStorePassword password of the client's keystore and key
   */
  static TestKeyStores generate(Path dir, String brokerPassword, String trustStorePassword, String keyStorePassword) {
    Path brokerKeyStore = dir.resolve("broker.keystore.p12");
    Path brokerCert = dir.resolve("broker.crt");
    Path brokerTrustStore = dir.resolve("broker.truststore.p12");
    Path clientKeyStore = dir.resolve("client.keystore.p12");
    Path clientCert = dir.resolve("client.crt");
    Path clientTrustStore = dir.resolve("client.truststore.p12");

    keyPair(brokerKeyStore, brokerPassword, "CN=localhost", "SAN=IP:127.0.0.1,DNS:localhost");
    exportCert(brokerKeyStore, brokerPassword, brokerCert);
    importCert(clientTrustStore, trustStorePassword, brokerCert, "broker");

    keyPair(clientKeyStore, keyStorePassword, "CN=kafka-routed-test-client", null);
    exportCert(clientKeyStore, keyStorePassword, clientCert);
    importCert(brokerTrustStore, brokerPassword, clientCert, "client");

    return new TestKeyStores(
        brokerKeyStore,
        brokerTrustStore,
        brokerPassword,
        new SslCredentials(clientTrustStore, trustStorePassword, clientKeyStore, keyStorePassword));
  }

  private static void keyPair(Path store, String password, String dname, String extension) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-genkeypair", "-alias", "self", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-validity", "2", "-dname", dname,
                "-storetype", SslCredentials.STORE_TYPE, "-keystore", store.toString(),
                "-storepass", password, "-keypass", password));
    if (extension != null) {
      args.add("-ext");
      args.add(extension);
    }
    keytool(args);
  }

  private static void exportCert(Path store, String password, Path cert) {
    keytool(
        List.of(
            "-exportcert", "-alias", "self", "-rfc", "-file", cert.toString(),
            "-storetype", SslCredentials.STORE_TYPE, "-keystore", store.toString(), "-storepass", password));
  }

  private static void importCert(Path store, String password, Path cert, String alias) {
    keytool(
        List.of(
            "-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(),
            "-storetype", SslCredentials.STORE_TYPE, "-keystore", store.toString(), "-storepass", password));
  }

  private static void keytool(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args.get(0) + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        // The output names the problem; the command line (with passwords) is not repeated.
        throw new IllegalStateException(
            "keytool " + args.get(0) + " failed with status " + process.exitValue() + ": "
                + new String(output, StandardCharsets.UTF_8).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run keytool " + args.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running keytool", e);
    }
  }
}
