package io.github.kafkarouted.connector.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides which Kafka settings are secrets and removes them from text meant
 * for people: option maps shown in messages, and messages of exceptions that Kafka clients built
 * from the settings (a JAAS parse error may quote the JAAS text). Key names follow Kafka's own
 * {@code PASSWORD}-typed settings ({@code sasl.jaas.config}, {@code ssl.*.password}, {@code
 * ssl.keystore.key}, the PEM certificate settings) plus the usual words for secrets; locations and
 * types of stores are not secret and stay, so messages can name the file.
 *
 * <p>Stateless and thread-safe.
 */
public final class SecretRedaction {

  /** What a secret value is replaced with. */
  public static final String REDACTED = "[redacted]";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          ".*(password|jaas|secret|token|credential|ssl\\.keystore\\.key|ssl\\.keystore\\.certificate\\.chain"
              + "|ssl\\.truststore\\.certificates).*");

  /** {@code password="..."} (or other quoted values) inside a JAAS configuration string. */
  private static final Pattern JAAS_VALUE = Pattern.compile("=\\s*\"([^\"]*)\"");

  /** Values shorter than this are not searched for in text (they would match everywhere). */
  private static final int MIN_SCRUBBED_LENGTH = 4;

  private SecretRedaction() {}

  /** True for setting names (with or without {@code kafka.} / {@code dlq.kafka.} prefix) whose values are secret. */
  public static boolean isSecret(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
  }

  /** The settings with secret values replaced, safe to show. */
  public static Map<String, String> redact(Map<String, String> settings) {
    Map<String, String> shown = new TreeMap<>();
    settings.forEach((k, v) -> shown.put(k, isSecret(k) ? REDACTED : v));
    return shown;
  }

  /**
   * {@code text} with every secret value of {@code settings} (and each quoted value inside a JAAS
   * setting) replaced by {@link #REDACTED}; null stays null.
   */
  public static String scrub(String text, Map<String, String> settings) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<String> secrets = new ArrayList<>();
    settings.forEach(
        (k, v) -> {
          if (v != null && isSecret(k)) {
            secrets.add(v);
            Matcher quoted = JAAS_VALUE.matcher(v);
            while (quoted.find()) {
              secrets.add(quoted.group(1));
            }
          }
        });
    // Longest first: a JAAS text is replaced whole before its password alone.
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    String scrubbed = text;
    for (String secret : secrets) {
      if (secret.length() >= MIN_SCRUBBED_LENGTH) {
        scrubbed = scrubbed.replace(secret, REDACTED);
      }
    }
    return scrubbed;
  }

  /**
   * {@code failure} itself if no message in its cause chain holds a secret of the settings, else
   * null: a cause attached to our own exception is printed with it, so one that quotes a secret
   * must be left out (its scrubbed text is in our message).
   */
  public static Throwable safeCause(Throwable failure, Map<String, String> settings) {
    String raw = messages(failure);
    return raw.equals(scrub(raw, settings)) ? failure : null;
  }

  /** The messages of {@code failure} and its causes, joined by {@code ": "}, scrubbed of the settings' secrets. */
  public static String describe(Throwable failure, Map<String, String> settings) {
    return scrub(messages(failure), settings);
  }

  private static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    for (Throwable t = failure; t != null && depth++ < 20; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
    }
    return text.toString();
  }
}
