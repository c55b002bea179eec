/**
 * The demo ({@code ./demo.sh}): an embedded broker, a Real-Time Mode pipeline with routes, a DLQ and
 * lag, a live view of where every event went, and a final balance check.
 */
package io.github.kafkarouted.it.demo;
