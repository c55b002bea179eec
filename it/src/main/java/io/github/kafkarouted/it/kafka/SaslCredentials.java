package io.github.kafkarouted.it.kafka;

import java.util.Map;
import java.util.Objects;

/**
 * A SASL user of a test cluster: mechanism ({@code PLAIN} or {@code SCRAM-SHA-512}), name and
 * password. Immutable and thread-safe. {@link #toString()} never shows the password.
 */
public final class SaslCredentials {
  public static final String PLAIN = "PLAIN";
  public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";

  private final String mechanism;
  private final String username;
  private final String password;

  public SaslCredentials(String mechanism, String username, String password) {
    if (!PLAIN.equals(mechanism) && !SCRAM_SHA_512.equals(mechanism)) {
      throw new IllegalArgumentException("Unsupported SASL mechanism " + mechanism);
    }
    this.mechanism = mechanism;
    this.username = requireSafe(username, "username");
    this.password = requireSafe(password, "password");
  }

  public String mechanism() {
    return mechanism;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** The same user with another password, e.g. to check that a wrong password is refused. */
  public SaslCredentials withPassword(String otherPassword) {
    return new SaslCredentials(mechanism, username, otherPassword);
  }

  /** The client-side {@code sasl.jaas.config} value for this user. */
  public String jaasConfig() {
    String module =
        PLAIN.equals(mechanism)
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return module + " required username=\"" + username + "\" password=\"" + password + "\";";
  }

  /** Client settings for a SASL_PLAINTEXT listener at {@code bootstrapServers}. */
  public Map<String, Object> clientProperties(String bootstrapServers) {
    return Map.of(
        "bootstrap.servers", bootstrapServers,
        "security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", mechanism,
        "sasl.jaas.config", jaasConfig());
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SaslCredentials)) {
      return false;
    }
    SaslCredentials that = (SaslCredentials) other;
    return mechanism.equals(that.mechanism)
        && username.equals(that.username)
        && password.equals(that.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mechanism, username, password);
  }

  @Override
  public String toString() {
    return "SaslCredentials{" + mechanism + ", username=" + username + ", password=[hidden]}";
  }

  // Names and passwords are written into JAAS strings and StorageTool arguments unquoted-safe.
  private static String requireSafe(String value, String what) {
    if (value == null || !value.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(what + " must be non-empty and use only [A-Za-z0-9_.-]");
    }
    return value;
  }
}
