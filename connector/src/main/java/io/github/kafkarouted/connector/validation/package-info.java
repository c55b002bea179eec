/**
 * Record-value validation for the sink's {@code validation.*} options: {@link
 * io.github.kafkarouted.connector.validation.JsonSchemaValidator} checks that a Kafka value is a
 * JSON object that parses strictly into a Spark DDL schema. Plain Java on top of Jackson's
 * streaming parser; no SparkSession is needed.
 */
package io.github.kafkarouted.connector.validation;
