/** Local SparkSessions for tests, the demo and the benchmarks, configured the same way everywhere. */
package io.github.kafkarouted.it.spark;
