/**
 * The lag listener's entry points, as users name them in Spark settings: {@code KafkaLagListener}
 * ({@code spark.extraListeners}), {@code KafkaLagPlugin} ({@code spark.plugins}) and {@code
 * KafkaLagQueryListener} (one session).
 */
package io.github.kafkarouted.lag;
