package io.github.kafkarouted.connector.config;

import io.github.kafkarouted.connector.delivery.ExactlyOnce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.routing.RoutingMode;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.github.kafkarouted.connector.metadata.AdminSettings;
import io.github.kafkarouted.connector.quality.RuleAction;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SinkConfTest {

  private static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", "localhost:9092");
    return m;
  }

  private static String failure(Map<String, String> options) {
    return assertThrows(ConfigException.class, () -> SinkConf.parse(options)).getMessage();
  }

  @Test
  void defaults() {
    SinkConf conf = SinkConf.parse(base());
    assertEquals(RoutingMode.FIRST_MATCH, conf.routingMode());
    assertEquals(UnmatchedPolicy.FAIL, conf.unmatchedPolicy());
    assertFalse(conf.jsonValue());
    assertTrue(conf.topicCheck());
    assertTrue(conf.routes().isEmpty());
    assertEquals(Map.of("bootstrap.servers", "localhost:9092"), conf.producerSettings());
  }

  @Test
  void routesAreOrderedByNumberAndKeysAreCaseInsensitive() {
    Map<String, String> m = base();
    m.put("route.10.topic", "ten");
    m.put("Route.2.TopicExpr", "concat('x-', region)");
    m.put("route.2.WHEN", "region is not null");
    m.put("ROUTING.MODE", "all-matches");
    m.put("topic", " standard ");
    SinkConf conf = SinkConf.parse(m);
    assertEquals(2, conf.routes().get(0).number());
    assertEquals("concat('x-', region)", conf.routes().get(0).topicExpr());
    assertEquals("region is not null", conf.routes().get(0).when());
    assertEquals("ten", conf.routes().get(1).topic());
    assertEquals(RoutingMode.ALL_MATCHES, conf.routingMode());
    assertEquals("standard", conf.defaultTopic());
  }

  @Test
  void bootstrapServersAreRequired() {
    assertTrue(failure(new HashMap<>()).contains("kafka.bootstrap.servers"));
  }

  @Test
  void serializersAreRefused() {
    Map<String, String> m = base();
    m.put("kafka.key.serializer", "x");
    assertTrue(failure(m).contains("kafka.key.serializer"));
    Map<String, String> v = base();
    v.put("kafka.value.serializer", "x");
    assertTrue(failure(v).contains("kafka.value.serializer"));
  }

  @Test
  void unknownRoutingModeNamesTheOption() {
    Map<String, String> m = base();
    m.put("routing.mode", "round-robin");
    String msg = failure(m);
    assertTrue(msg.contains("routing.mode") && msg.contains("round-robin"), msg);
  }

  @Test
  void badRouteNumbersAreRefused() {
    for (String key : new String[] {"route.0.topic", "route.x.topic", "route.-1.topic", "route.01.topic"}) {
      Map<String, String> m = base();
      m.put(key, "t");
      assertTrue(failure(m).contains(key), key);
    }
  }

  @Test
  void duplicateRouteFieldsAreRefused() {
    Map<String, String> m = base();
    m.put("route.1.topic", "a");
    m.put("ROUTE.1.topic", "b");
    assertTrue(failure(m).contains("twice"));
  }

  @Test
  void routeNeedsExactlyOneTopicSource() {
    Map<String, String> none = base();
    none.put("route.3.when", "true");
    assertTrue(failure(none).contains("route.3.topic"));
    Map<String, String> both = base();
    both.put("route.3.topic", "a");
    both.put("route.3.topicExpr", "'b'");
    assertTrue(failure(both).contains("route.3.topicExpr"));
  }

  @Test
  void misspeltOptionsAreRefusedWithTheKnownName() {
    Map<String, String> m = base();
    m.put("dlq.topik", "dead");
    String msg = failure(m);
    assertTrue(msg.contains("dlq.topik") && msg.contains("Did you mean 'dlq.topic'"), msg);
    Map<String, String> cased = base();
    cased.put("Validation.AllowUnknownField", "false");
    assertTrue(failure(cased).contains("'validation.allowUnknownFields'"));
  }

  @Test
  void unknownOptionsFarFromAnyKnownOneAreOnlyWarned() {
    Map<String, String> m = base();
    m.put("dlq.retention.policy", "x"); // perhaps an option of a newer version
    m.put("checkpointLocation", "/tmp/cp"); // Spark's, not ours
    SinkConf.parse(m);
    assertEquals(0, OptionKeys.editDistance("dlq.topic", "dlq.topic"));
    assertEquals(2, OptionKeys.editDistance("routing.mode", "routng.mod"));
  }

  @Test
  void sparksOwnKeysAreNeitherWarnedAboutNorRefused() {
    // DataStreamWriter.queryName(...) reaches a DSv2 sink as option "queryName".
    assertEquals(List.of(), OptionKeys.check(Map.of("checkpointLocation", "/tmp/cp", "path", "p", "queryName", "q")));
    assertEquals(List.of("dlq.retention.policy"), OptionKeys.check(Map.of("dlq.retention.policy", "x")));
  }

  @Test
  void unknownRouteFieldIsRefused() {
    Map<String, String> m = base();
    m.put("route.1.topics", "a");
    assertTrue(failure(m).contains("route.1.topics"));
  }

  @Test
  void illegalTopicNamesAreRefusedAndLegalOnesKept() {
    Map<String, String> m = base();
    m.put("route.1.topic", "bad topic!");
    assertTrue(failure(m).contains("route.1.topic"));
    Map<String, String> ok = base();
    ok.put("route.1.topic", "Urgent.Events-v2_x");
    assertEquals("Urgent.Events-v2_x", SinkConf.parse(ok).routes().get(0).topic());
  }

  @Test
  void emptyConditionIsRefused() {
    Map<String, String> m = base();
    m.put("route.1.topic", "a");
    m.put("route.1.when", "  ");
    assertTrue(failure(m).contains("route.1.when"));
  }

  @Test
  void producerSecretsAreNotInErrorMessages() {
    Map<String, String> m = new HashMap<>();
    m.put("kafka.sasl.jaas.config", "password=\"hunter2\"");
    assertFalse(failure(m).contains("hunter2"));
  }

  @Test
  void aDeltaTableAloneEnablesDeadLetters() {
    Map<String, String> m = base();
    m.put("DLQ.Delta.Path", " /tables/dead_letters ");
    SinkConf conf = SinkConf.parse(m);
    assertEquals("/tables/dead_letters", conf.dlqDeltaPath());
    assertEquals(SinkOptions.DLQ_DELTA_PATH, conf.dlqDeltaOption());
    assertTrue(conf.hasDeadLetters());
    assertFalse(SinkConf.parse(base()).hasDeadLetters());
  }

  @Test
  void deltaPathAndTableTogetherAreRefused() {
    Map<String, String> m = base();
    m.put("dlq.delta.path", "/tables/dl");
    m.put("dlq.delta.table", "dead_letters");
    String message = failure(m);
    assertTrue(message.contains("dlq.delta.table") && message.contains("dlq.delta.path"), message);
  }

  private static Map<String, String> with(String... keyValues) {
    Map<String, String> m = base();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static void assertRefused(Map<String, String> options, String... fragments) {
    String message = failure(options);
    for (String f : fragments) {
      assertTrue(message.contains(f), "expected '" + f + "' in: " + message);
    }
  }

  @Test
  void theBudgetWindowIsADurationWrittenLikeATriggerInterval() {
    assertEquals(60_000, SinkConf.parse(with("dlq.maxRatio", "0.05")).errorBudget().windowMillis(), "default: 1 minute");
    assertEquals(30_000, SinkConf.parse(with("dlq.budget.window", "30 seconds")).errorBudget().windowMillis());
    assertEquals(500, SinkConf.parse(with("dlq.budget.window", "500ms")).errorBudget().windowMillis());
    assertEquals(120_000, SinkConf.parse(with("dlq.budget.window", "2m")).errorBudget().windowMillis());
    assertRefused(with("dlq.budget.window", "soon"), "dlq.budget.window", "soon", "1 minute");
    assertRefused(with("dlq.budget.window", "0 seconds"), "dlq.budget.window", "more than 0");
  }

  @Test
  void producerSettingsAreCheckedWithKafkasOwnDefinition() {
    assertRefused(with("kafka.compression.type", "zstd2"), "kafka.compression.type", "zstd2");
    assertRefused(with("kafka.partitioner.class", "com.example.NoSuchPartitioner"),
        "kafka.partitioner.class", "com.example.NoSuchPartitioner");
    assertRefused(with("kafka.linger.ms", "soon"), "kafka.linger.ms", "soon");
    assertRefused(with("dlq.topic", "dlq", "dlq.kafka.acks", "2"), "dlq.kafka.acks");
    // A cross-field rule of the producer: explicit idempotence needs acks=all.
    assertRefused(with("kafka.enable.idempotence", "true", "kafka.acks", "1"), "kafka.*", "idempoten");
  }

  @Test
  void producerSettingKeysAreLowerCasedAsSparksKafkaSinkDoes() {
    SinkConf mixed =
        SinkConf.parse(
            with("kafka.Linger.MS", "7", "KAFKA.Compression.Type", "lz4", "dlq.topic", "dlq",
                "Dlq.Kafka.Max.Request.Size", "8192", "kafka.My.Partitioner.Region", "eu"));
    SinkConf lower =
        SinkConf.parse(
            with("kafka.linger.ms", "7", "kafka.compression.type", "lz4", "dlq.topic", "dlq",
                "dlq.kafka.max.request.size", "8192", "kafka.my.partitioner.region", "eu"));
    assertEquals(lower.producerSettings(), mixed.producerSettings());
    assertEquals(lower.dlqProducerSettings(), mixed.dlqProducerSettings());
    assertEquals("7", mixed.producerSettings().get("linger.ms"));
    assertEquals("8192", mixed.dlqProducerSettings().get("max.request.size"));
    // Every check sees the setting in any case, as the producer will.
    assertRefused(with("kafka.Linger.MS", "soon"), "kafka.linger.ms", "soon");
    assertRefused(with("kafka.Key.Serializer", "x"), "kafka.key.serializer");
    assertRefused(with("kafka.Transactional.ID", "tx"), "kafka.transactional.id");
    Map<String, String> upperServers = new HashMap<>();
    upperServers.put("Kafka.Bootstrap.Servers", "localhost:9092");
    assertEquals("localhost:9092", SinkConf.parse(upperServers).producerSettings().get("bootstrap.servers"));
  }

  @Test
  void theAdminClientsGetTheLowerCasedSettingsToo() {
    SinkConf conf = SinkConf.parse(with("kafka.Security.Protocol", "PLAINTEXT", "kafka.Client.DNS.Lookup", "use_all_dns_ips"));
    Map<String, Object> admin = AdminSettings.fromProducerSettings(conf.producerSettings(), 1000);
    assertEquals("PLAINTEXT", admin.get("security.protocol"));
    assertEquals("use_all_dns_ips", admin.get("client.dns.lookup"));
  }

  @Test
  void oneSettingInTwoCasesIsRefusedNamingBothOptions() {
    String message = failure(with("kafka.linger.ms", "5", "kafka.LINGER.ms", "9"));
    assertTrue(message.contains("'kafka.linger.ms'") && message.contains("'kafka.LINGER.ms'"), message);
    assertTrue(message.contains("'linger.ms'"), message);
  }

  @Test
  void transactionalIdIsRefusedWithAPointerToExactlyOnce() {
    assertRefused(
        with("kafka.transactional.id", "orders-tx"),
        "kafka.transactional.id", "delivery.guarantee=exactly-once", "delivery.transactionalIdPrefix");
    assertRefused(with("dlq.topic", "dlq", "dlq.kafka.transactional.id", "tx"), "dlq.kafka.transactional.id");
  }

  @Test
  void exactlyOnceIsOffByDefaultAndParsedWithItsPrefixAndMarkerTopic() {
    assertNull(SinkConf.parse(with()).exactlyOnce());
    assertNull(SinkConf.parse(with("delivery.guarantee", "at-least-once")).exactlyOnce());
    ExactlyOnce eo = SinkConf.parse(with("Delivery.Guarantee", "Exactly-Once")).exactlyOnce();
    assertEquals(new ExactlyOnce("kafka-routed", "kafka-routed-commit-markers", null, true), eo);
    ExactlyOnce named =
        SinkConf.parse(with("delivery.guarantee", "exactly-once", "delivery.transactionalIdPrefix", "orders",
            "delivery.markerTopic", "orders-markers")).exactlyOnce().forStreamingWrite("q1");
    assertEquals("orders-q1-events-3", named.transactionalId(ExactlyOnce.sourceSlot("events", 3)));
    assertEquals("orders-q1-events-3", named.markerGroup(ExactlyOnce.sourceSlot("events", 3)));
    assertEquals("orders-b-p2", named.forBatchWrite("b").transactionalId(ExactlyOnce.sparkPartitionSlot(2)));
    assertEquals("orders-markers", named.markerTopic());
  }

  @Test
  void exactlyOnceRefusesWhatItCannotKeepNamingTheOption() {
    assertRefused(with("delivery.guarantee", "exactly-twice"), "delivery.guarantee", "exactly-twice");
    assertRefused(with("delivery.guarantee", "exactly-once", "kafka.acks", "1"), "kafka.acks", "acks=all");
    assertRefused(with("delivery.guarantee", "exactly-once", "kafka.enable.idempotence", "false"),
        "kafka.enable.idempotence");
    assertRefused(with("delivery.guarantee", "exactly-once", "dlq.topic", "dlq", "dlq.kafka.linger.ms", "5"),
        "dlq.kafka.linger.ms", "route cluster");
    assertRefused(with("delivery.guarantee", "exactly-once", "dlq.delta.path", "/tmp/x"), "dlq.delta.path", "dlq.topic");
    assertRefused(with("delivery.guarantee", "exactly-once", "delivery.markerTopic", "bad topic"), "delivery.markerTopic");
    SinkConf.parse(with("delivery.guarantee", "exactly-once", "kafka.acks", "-1", "dlq.topic", "dlq"));
  }

  @Test
  void acksZeroIsRefusedWithDeadLettersAndAllowedWithout() {
    assertRefused(with("dlq.topic", "dlq", "kafka.acks", "0"), "kafka.acks", "dead letter");
    assertRefused(with("dlq.topic", "dlq", "dlq.kafka.acks", " 0"), "dlq.kafka.acks");
    assertRefused(with("dlq.delta.path", "/tmp/x", "kafka.acks", "0"), "kafka.acks");
    assertEquals("0", SinkConf.parse(with("kafka.acks", "0")).producerSettings().get("acks"));
    // The DLQ producer's own acks=all does not make up for routes that cannot report a refusal.
    assertRefused(with("dlq.topic", "dlq", "kafka.acks", "0", "dlq.kafka.acks", "all"), "kafka.acks");
  }

  @Test
  void theDeadLetterProducerNeedsRoomForTheContextHeaders() {
    assertRefused(with("dlq.topic", "dlq", "dlq.kafka.max.request.size", "100"), "dlq.kafka.max.request.size", "4096");
    // Inherited from kafka.*: the message names the option that set it.
    assertRefused(with("dlq.topic", "dlq", "kafka.max.request.size", "1000"), "kafka.max.request.size", "4096");
    SinkConf.parse(with("dlq.topic", "dlq", "kafka.max.request.size", "1000", "dlq.kafka.max.request.size", "4096"));
  }

  @Test
  void internalTopicsAreRefusedWhereverTheyAreNamed() {
    assertRefused(with("dlq.topic", "__consumer_offsets"), "dlq.topic", "internal topic");
    assertRefused(with("route.1.topic", "__consumer_offsets"), "route.1.topic", "internal topic");
    assertRefused(with("topic", "__transaction_state"), "topic", "internal topic");
  }

  @Test
  void typosOutsideOurNamespacesAndStrayBlanksAreRefused() {
    assertRefused(with("rout.1.topic", "t"), "rout.1.topic", "Did you mean 'route.1.topic'");
    assertRefused(with("route.1.topic", "t", "rout.1.when", "true"), "rout.1.when", "route.1.when");
    assertRefused(with(" route.1.topic", "t"), "' route.1.topic'", "blanks", "'route.1.topic'");
    assertRefused(with("dlq.topic ", "t"), "'dlq.topic '", "blanks");
    assertRefused(with("kafka.compresion.type", "lz4"), "kafka.compresion.type", "kafka.compression.type");
    assertRefused(with("dlq.topic", "d", "dlq.kafka.lingr.ms", "5"), "dlq.kafka.lingr.ms", "dlq.kafka.linger.ms");
    assertRefused(with("kafak.bootstrap.servers", "h:1"), "kafak.bootstrap.servers", "kafka.bootstrap.servers");
    assertRefused(with("topik", "t"), "topik", "'topic'");
    assertRefused(with("checkpointLocaton", "/tmp"), "checkpointLocation");
  }

  @Test
  void aTypoOfASecretSettingNeverShowsTheValue() {
    String message = failure(with("kafka.sasl.jaas.confg", "org.example.Login required password=\"s3cr3t-value\";"));
    assertTrue(message.contains("kafka.sasl.jaas.config"), message);
    assertFalse(message.contains("s3cr3t-value"), message);
  }

  @Test
  void optionsOfSparkAndOfOtherToolsAreNotTypos() {
    SinkConf.parse(with("checkpointLocation", "/tmp/cp", "path", "/x", "spark.some.tool.setting", "1",
        "kafka.my.partitioner.region", "eu", "asyncProgressTrackingEnabled", "false"));
  }

  @Test
  void rulesAreParsedInNameOrderWithDlqAsTheDefaultAction() {
    Map<String, String> m = base();
    m.put("topic", "out");
    m.put("dlq.topic", "dlq");
    m.put("validation.rule.b-positive", "amount > 0");
    m.put("validation.rule.a_user", "user IS NOT NULL");
    m.put("validation.rule.a_user.action", "Drop");
    List<RuleOption> rules = SinkConf.parse(m).rules();
    assertEquals(List.of("a_user", "b-positive"), rules.stream().map(RuleOption::name).toList());
    assertEquals(RuleAction.DROP, rules.get(0).action());
    assertEquals(RuleAction.DLQ, rules.get(1).action());
    assertEquals("validation.rule.b-positive", rules.get(1).key());
  }

  @Test
  void badRulesAreRefusedNamingTheOption() {
    Map<String, String> m = base();
    m.put("topic", "out");
    m.put("validation.rule.positive", "amount > 0");
    String noDlq = failure(m);
    assertTrue(noDlq.contains("validation.rule.positive.action") && noDlq.contains("dlq.topic"), noDlq);

    m.put("validation.rule.positive.action", "explode");
    String badAction = failure(m);
    assertTrue(badAction.contains("validation.rule.positive.action") && badAction.contains("dlq, drop, fail, warn"), badAction);

    Map<String, String> orphan = base();
    orphan.put("topic", "out");
    orphan.put("validation.rule.ghost.action", "warn");
    assertTrue(failure(orphan).contains("validation.rule.ghost"));

    Map<String, String> badName = base();
    badName.put("topic", "out");
    badName.put("validation.rule.a.b.c", "true");
    assertTrue(failure(badName).contains("validation.rule.a.b.c"));

    Map<String, String> blank = base();
    blank.put("topic", "out");
    blank.put("validation.rule.empty", " ");
    blank.put("validation.rule.empty.action", "warn");
    assertTrue(failure(blank).contains("validation.rule.empty"));
  }
}
