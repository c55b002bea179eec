/**
 * Data-quality rules ({@code validation.rule.<name>} and its action): the rule table shipped to
 * executors and the per-row check that decides between routing, a dead letter, a drop and a
 * failure. Plain Java; the expressions are evaluated with the routes in the writer's one pass.
 */
package io.github.kafkarouted.connector.quality;
