package io.github.kafkarouted.connector.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.config.SinkConf;
import io.github.kafkarouted.connector.producer.SparkTokenFixture;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Admin settings a task reads from its WriterSpec (for the topic directory's look-ups of
 * computed topics) carry Spark's Kafka delegation token as the task's producers do. Planned with a
 * local session that is stopped before the token's SparkEnv is set.
 */
class WriterSpecTokenTest {

  private static WriterSpec spec;

  @BeforeAll
  static void plan() {
    SparkSession spark =
        SparkSession.builder().master("local[1]").appName("writer-spec-token-test").config("spark.ui.enabled", "false").getOrCreate();
    try {
      spec =
          SinkPlanner.plan(
              SinkConf.parse(Map.of("kafka.bootstrap.servers", "127.0.0.1:1", "route.1.topicExpr", "t")),
              StructType.fromDDL("value STRING, t STRING"));
    } finally {
      spark.stop();
    }
  }

  @AfterEach
  void noSparkEnv() {
    SparkEnv.set(null);
  }

  @Test
  void theTasksAdminSettingsCarryTheTokenOfTheirCluster() throws Exception {
    SparkTokenFixture.setSparkConf("spark.kafka.clusters.cluster1.auth.bootstrap.servers", "127.0.0.1:1");
    Map<String, Object> admin = SparkTokenFixture.asUserWithToken("id", "token-secret", spec::adminConfig);
    assertTrue(((String) admin.get("sasl.jaas.config")).contains("tokenauth=true"), "the token's login");
    assertEquals(15_000, admin.get("request.timeout.ms"), "the look-up's own settings stay");
  }

  @Test
  void withoutATokenTheyAreTheProducersConnectionSettings() {
    SparkTokenFixture.setSparkConf("spark.kafka.clusters.cluster1.auth.bootstrap.servers", "127.0.0.1:1");
    Map<String, Object> admin = spec.adminConfig();
    assertNull(admin.get("sasl.jaas.config"));
    assertEquals("127.0.0.1:1", admin.get("bootstrap.servers"));
  }
}
