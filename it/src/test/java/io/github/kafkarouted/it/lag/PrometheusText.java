package io.github.kafkarouted.it.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scrapes a Prometheus endpoint over HTTP and reads its text format, as Prometheus would. */
final class PrometheusText {

  /** One sample line of the Prometheus text format. */
  record Series(String name, Map<String, String> labels, double value) {}

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}\\s+(\\S+).*$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private PrometheusText() {}

  static List<Series> scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    List<Series> series = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        Map<String, String> labels = new TreeMap<>();
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
        series.add(new Series(m.group(1), labels, number(m.group(3))));
      }
    }
    return series;
  }

  /** A sample value: Prometheus writes infinities as {@code +Inf} and {@code -Inf}. */
  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The value of the one series named {@code name} with exactly {@code labels}. */
  static double value(List<Series> scraped, String name, Map<String, String> labels) {
    List<Series> matching =
        scraped.stream()
            .filter(s -> s.name().equals(name) && s.labels().equals(new TreeMap<>(labels)))
            .toList();
    assertEquals(1, matching.size(), () -> "one " + name + labels + " in " + scraped);
    return matching.get(0).value();
  }

  /** The series named {@code name} whose labels include {@code labels}. */
  static List<Series> named(List<Series> scraped, String name, Map<String, String> labels) {
    return scraped.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }
}
