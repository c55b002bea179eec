/**
 * Dead letters to and from Kafka records: the encoder (header block or JSON envelope, capping and
 * value truncation to fit {@code max.request.size}), the decoder, the JSON field names and the
 * producer's record-size estimate. Plain Java plus kafka-clients and Jackson (no Spark); depends on
 * {@code dlq.model} only.
 */
package io.github.kafkarouted.dlq.codec;
