/**
 * The JSON value format: {@link io.github.kafkarouted.connector.validation.json.JsonSchemaValidator}
 * checks strictly that a value is a JSON object of a Spark DDL schema and decodes it in the same
 * pass. Split by concern: schema compilation ({@code JsonSchemaCompiler}), one reader per schema
 * node ({@code ScalarReaders}, {@code ContainerReaders}, {@code StructReader}), the per-task
 * decoder ({@code JsonDecoder}), byte- and character-level checks ({@code Utf8}, {@code
 * IsoDateTime}) and messages ({@code Failure}, {@code JsonText}).
 */
package io.github.kafkarouted.connector.validation.json;
