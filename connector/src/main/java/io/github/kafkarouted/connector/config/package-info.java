/**
 * The sink's options: declared once ({@code SinkOptions}), parsed and checked once on the driver
 * into the immutable {@code SinkConf} (producer settings checked with kafka-clients' own
 * definition, typos refused). Driver-only, except {@code SecretRedaction}.
 */
package io.github.kafkarouted.connector.config;
