package io.github.kafkarouted.it.kafka;

import java.security.SecureRandom;

/**
 * Random passwords for the local broker's SASL users and key stores: fresh per broker, so no test
 * can pass by relying on a well-known password. Letters and digits without look-alikes, so they
 * are safe in JAAS and {@code keytool} arguments. Thread-safe.
 */
final class RandomSecrets {
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private RandomSecrets() {}

  static String next() {
    SecureRandom random = new SecureRandom();
    StringBuilder secret = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return secret.toString();
  }
}
