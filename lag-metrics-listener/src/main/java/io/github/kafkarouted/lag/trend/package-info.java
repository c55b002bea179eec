/**
 * Trends of one partition of one query: lag velocity, consume and produce rates, time to catch up
 * and retention risk. Plain Java over numbers the tracker samples.
 */
package io.github.kafkarouted.lag.trend;
