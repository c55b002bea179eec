package io.github.kafkarouted.it.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a client needs to reach an SSL listener that requires client certificates: a truststore
 * holding the broker's certificate and a keystore holding the client's key and certificate, both
 * PKCS12 files with their passwords (the key's password is the keystore's, as usual for PKCS12).
 * Immutable and thread-safe. {@link #toString()} never shows the passwords.
 */
public final class SslCredentials {
  public static final String STORE_TYPE = "PKCS12";

  private final Path trustStore;
  private final String trustStorePassword;
  private final Path keyStore;
  private final String keyStorePassword;

  public SslCredentials(Path trustStore, String trustStorePassword, Path keyStore, String keyStorePassword) {
    this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
    this.trustStorePassword = Objects.requireNonNull(trustStorePassword, "trustStorePassword");
    this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
    this.keyStorePassword = Objects.requireNonNull(keyStorePassword, "keyStorePassword");
  }

  public Path trustStore() {
    return trustStore;
  }

  public String trustStorePassword() {
    return trustStorePassword;
  }

  public Path keyStore() {
    return keyStore;
  }

  public String keyStorePassword() {
    return keyStorePassword;
  }

  /** The same stores with another keystore password, e.g. to check that a wrong one is refused. */
  public SslCredentials withKeyStorePassword(String otherPassword) {
    return new SslCredentials(trustStore, trustStorePassword, keyStore, otherPassword);
  }

  /** Client settings for an SSL listener at {@code bootstrapServers} (host name verification on). */
  public Map<String, Object> clientProperties(String bootstrapServers) {
    return Map.of(
        "bootstrap.servers", bootstrapServers,
        "security.protocol", "SSL",
        "ssl.truststore.location", trustStore.toString(),
        "ssl.truststore.type", STORE_TYPE,
        "ssl.truststore.password", trustStorePassword,
        "ssl.keystore.location", keyStore.toString(),
        "ssl.keystore.type", STORE_TYPE,
        "ssl.keystore.password", keyStorePassword,
        "ssl.key.password", keyStorePassword);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SslCredentials)) {
      return false;
    }
    SslCredentials that = (SslCredentials) other;
    return trustStore.equals(that.trustStore)
        && trustStorePassword.equals(that.trustStorePassword)
        && keyStore.equals(that.keyStore)
        && keyStorePassword.equals(that.keyStorePassword);
  }

  @Override
  public int hashCode() {
    return Objects.hash(trustStore, trustStorePassword, keyStore, keyStorePassword);
  }

  @Override
  public String toString() {
    return "SslCredentials{truststore=" + trustStore + ", keystore=" + keyStore + ", passwords=[hidden]}";
  }
}
