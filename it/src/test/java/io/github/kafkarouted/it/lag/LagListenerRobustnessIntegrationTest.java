package io.github.kafkarouted.it.lag;

import static io.github.kafkarouted.it.lag.LagGroundTruth.endOffsets;
import static io.github.kafkarouted.it.lag.LagGroundTruth.endOffsetsOf;
import static io.github.kafkarouted.it.lag.LagGroundTruth.lag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.it.kafka.LocalKafkaBroker;
import io.github.kafkarouted.it.security.LogCapture;
import io.github.kafkarouted.it.spark.SparkSessions;
import io.github.kafkarouted.lag.KafkaLagListener;
import io.github.kafkarouted.lag.tracking.LagListenerConf;
import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lag listener where production hurts it: the broker goes away and comes back, and many
 * queries come and go. Nothing the listener meets may reach a query (the query stays active
 * without exception, Spark's listener bus reports no listener failure), lag recovers on its own,
 * and stopped queries leave no Admin client, thread or Prometheus series behind. Malformed
 * progress is covered without Spark in {@code MalformedProgressTest}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LagListenerRobustnessIntegrationTest extends LagListenerTestBase {

  private static final int QUERIES = 30;
  private static final int QUERIES_AT_ONCE = 5;
  private static final String ADMIN_THREAD = "kafka-admin-client-thread";

  private static LocalKafkaBroker broker;
  private static LogCapture logs;

  @BeforeAll
  static void startRestartableBrokerAndSession() {
    logs = LogCapture.install();
    broker = LocalKafkaBroker.builder().start(); // Local whatever -Dkafka.fixture says: it must restart.
    kafka = broker;
    spark =
        SparkSessions.local(2)
            .appName("lag-robustness-it")
            .conf("spark.extraListeners", KafkaLagListener.class.getName())
            .conf(LagListenerConf.POLL_INTERVAL, "500ms")
            .conf(LagListenerConf.ADMIN_TIMEOUT, "2s")
            .conf(LagListenerConf.PROMETHEUS_PORT, "0")
            .conf(LagListenerConf.PROMETHEUS_HOST, "127.0.0.1")
            .start();
    LogCapture.raiseLevels();
  }

  @AfterAll
  static void noListenerFailureReachedSpark() {
    try {
      List<String> listenerFailures =
          logs.lines().stream()
              .filter(line -> line.contains("threw an exception") || line.contains("Lag metrics could not record"))
              .collect(Collectors.toList());
      assertEquals(List.of(), listenerFailures, "listener failures seen by Spark's listener bus");
    } finally {
      logs.close();
    }
  }

  /**
   * Broker stopped under a running query: the listener's polls fail (logged once), the query
   * stays active without exception, and once the broker is back the lag follows the broker's new
   * end offsets again, with no action from anyone.
   */
  @Test
  void brokerDownNeverReachesTheQueryAndLagRecoversWhenItReturns() {
    String topic = kafka.createUniqueTopic("lag-down", 2);
    kafka.produceStrings(topic, values(200));
    StreamingQuery query = startHeldBack("down", topic, 40);
    StreamingQueryProgress pinned = awaitFirstProgress(query);
    Map<Integer, Long> position = endOffsetsOf(pinned, topic);
    Map<Integer, Long> end = endOffsets(kafka.admin(), topic, 2);
    awaitSnapshot(query, "lag against the broker's end", s -> latest(s).equals(end));
    int warningsBefore = count("failed; will retry every poll");

    broker.stopBroker();
    try {
      awaitPollRoundAfterNow();
      awaitPollRoundAfterNow();
      assertTrue(query.isActive(), "the query runs on while the broker is down");
      assertTrue(query.exception().isEmpty(), () -> "no exception reached the query: " + query.exception());
      assertEquals(position, consumed(lagService().snapshot(query.id()).orElseThrow()), "last known lag kept");
      assertEquals(warningsBefore + 1, count("failed; will retry every poll"), "the outage is logged once");
    } finally {
      broker.startBroker();
    }

    kafka.produceStrings(topic, values(60));
    Map<Integer, Long> newEnd = endOffsets(kafka.admin(), topic, 2);
    QueryLagSnapshot recovered =
        awaitSnapshot(query, "the broker's new end offsets after its restart", s -> latest(s).equals(newEnd));
    assertEquals(lag(newEnd, position), lagOffsets(recovered));
    assertTrue(count("reachable again") >= 1, "the recovery is logged");
    assertTrue(query.isActive());
    assertTrue(query.exception().isEmpty(), () -> String.valueOf(query.exception()));
    assertEquals(pinned.batchId(), query.lastProgress().batchId(), "the query itself did nothing in between");
  }

  /**
   * Thirty queries, each with its own Kafka client settings (so each needs its own Admin client),
   * started and stopped five at a time: while they run the listener holds one Admin client per
   * query; once they stopped it holds none, tracks none, serves no series of them, and the JVM's
   * Admin client threads are back to what they were.
   */
  @Test
  void manyQueriesStartedAndStoppedLeaveNoClientThreadOrSeriesBehind() throws Exception {
    String topic = kafka.createUniqueTopic("lag-churn", 1);
    kafka.produceStrings(topic, values(10));
    LagService service = lagService();
    runAndStop(List.of(startChurnQuery(topic, -1))); // Warm-up: Spark's own lazily started pools.
    awaitNothingTracked(service);
    int adminThreadsBefore = threads(ADMIN_THREAD);
    Map<String, Long> clientThreadsBefore = clientThreads();
    int threadsBefore = Thread.getAllStackTraces().size();

    List<String> ids = new ArrayList<>();
    int mostClients = 0;
    for (int first = 0; first < QUERIES; first += QUERIES_AT_ONCE) {
      List<StreamingQuery> wave = new ArrayList<>();
      for (int i = first; i < first + QUERIES_AT_ONCE; i++) {
        wave.add(startChurnQuery(topic, i));
      }
      wave.forEach(q -> ids.add(q.id().toString()));
      mostClients = Math.max(mostClients, runAndStop(wave));
    }
    awaitNothingTracked(service);

    String scrape = scrape(service);
    List<String> leftInScrape = ids.stream().filter(scrape::contains).collect(Collectors.toList());
    int adminThreadsAfter = threads(ADMIN_THREAD);
    int threadsAfter = Thread.getAllStackTraces().size();
    System.out.printf(
        "Query churn: %d queries, at most %d lag Admin clients at once, 0 after; admin threads %d -> %d;"
            + " all threads %d -> %d%n",
        QUERIES, mostClients, adminThreadsBefore, adminThreadsAfter, threadsBefore, threadsAfter);
    assertTrue(mostClients >= QUERIES_AT_ONCE, "one Admin client per running query: " + mostClients);
    assertEquals(List.of(), leftInScrape, "series of stopped queries");
    assertFalse(scrape.contains("churn_"), "no series names a stopped query");
    // All threads are only reported: Spark's cached pools (block-manager-*-thread-pool) grow with
    // each query's cleanup and shrink after a minute idle. Kafka clients' and the listener's may
    // not grow; fewer is fine, as clients of earlier test classes (Spark's JVM-wide producer
    // cache) may be evicted meanwhile.
    assertTrue(adminThreadsAfter <= adminThreadsBefore, "Admin client threads back to the baseline");
    Map<String, Long> clientThreadsAfter = clientThreads();
    clientThreadsAfter.forEach(
        (name, count) ->
            assertTrue(
                count <= clientThreadsBefore.getOrDefault(name, 0L),
                "Kafka client and listener threads grew: " + clientThreadsBefore + " -> " + clientThreadsAfter));
  }

  /** A query with its own {@code kafka.client.id}: a connection, hence an Admin client, of its own. */
  private StreamingQuery startChurnQuery(String topic, int number) {
    String name = "churn_" + (number < 0 ? "warmup" : number) + "_" + suffix(topic);
    return start(
        spark
            .readStream()
            .format("kafka")
            .options(kafka.sparkKafkaOptions())
            .option("kafka.client.id", name)
            .option("subscribe", topic)
            .option("startingOffsets", "earliest")
            .load()
            .writeStream()
            .queryName(name)
            .format("noop")
            .option("checkpointLocation", checkpoint())
            .trigger(PINNING_TRIGGER));
  }

  /** Waits until each query made progress and the listener polled with its client; stops them; returns the clients seen. */
  private static int runAndStop(List<StreamingQuery> queries) throws Exception {
    for (StreamingQuery q : queries) {
      awaitFirstProgress(q);
    }
    awaitPollRoundAfterNow();
    int clients = lagService().openBrokerClients();
    for (StreamingQuery q : queries) {
      q.stop();
      assertTrue(q.exception().isEmpty(), () -> q.name() + ": " + q.exception());
    }
    return clients;
  }

  private static void awaitNothingTracked(LagService service) {
    Await.untilTrue(
        WAIT,
        "no tracked query and no open Admin client",
        () -> service.tracker().trackedQueries().isEmpty() && service.openBrokerClients() == 0,
        () -> "tracked " + service.tracker().trackedQueries() + ", clients " + service.openBrokerClients());
  }

  private static int threads(String namePrefix) {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(namePrefix))
        .count();
  }

  /**
   * Live threads of Kafka clients (Spark's source, the fixture, the listener's Admin clients), the
   * listener's poller and its HTTP endpoint, by name with digits removed.
   */
  private static Map<String, Long> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("kafka") || t.getName().startsWith("prometheus"))
        .collect(Collectors.groupingBy(t -> t.getName().replaceAll("\\d+", "#"), java.util.TreeMap::new, Collectors.counting()));
  }

  private static int count(String text) {
    return (int) logs.lines().stream().filter(line -> line.contains(text)).count();
  }

  private static String scrape(LagService service) throws Exception {
    int port = service.prometheusPort().orElseThrow();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }
}
