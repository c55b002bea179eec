/** Shared helpers of the integration tests, the demo and the benchmarks (temporary directories). */
package io.github.kafkarouted.it;
