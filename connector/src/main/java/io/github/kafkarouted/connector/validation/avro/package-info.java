/**
 * The Avro value formats ({@code validation.format=avro}, {@code avro-confluent}): {@link
 * io.github.kafkarouted.connector.validation.avro.AvroFormat} maps an Avro schema to the type
 * Spark's {@code from_avro} gives it and checks values strictly. Split by concern: type mapping and
 * reader building ({@code AvroSchemaCompiler}), one reader per schema node ({@code AvroScalars},
 * {@code AvroContainers}), the strict byte cursor ({@code AvroInput}, {@code AvroUtf8}), the
 * wire-format header ({@code ConfluentHeader}), the per-task decoder ({@code AvroDecoder}) and
 * messages ({@code AvroFailure}). The Avro library only parses schemas; values are read by this
 * package's own readers, straight from the value's bytes.
 */
package io.github.kafkarouted.connector.validation.avro;
