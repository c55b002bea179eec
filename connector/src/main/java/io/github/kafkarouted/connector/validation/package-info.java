/**
 * Record-value formats for the sink's {@code validation.*} options, behind two small interfaces:
 * {@link io.github.kafkarouted.connector.validation.ValueFormat} (serializable, built on the
 * driver) and {@link io.github.kafkarouted.connector.validation.ValueDecoder} (per task: value bytes
 * in, the typed row or the reason the value is invalid out, in one pass). The JSON format lives in
 * {@code validation.json}; a second format is a sibling package.
 */
package io.github.kafkarouted.connector.validation;
