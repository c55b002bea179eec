/**
 * Routing: the route table compiled once, the per-row resolution into target topics, and which
 * topics a computed topic may name. Plain Java (no Spark), unit-tested without a session.
 */
package io.github.kafkarouted.connector.routing;
