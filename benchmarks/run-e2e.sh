#!/usr/bin/env bash
# The end-to-end latency harness in one command: builds what it needs, starts a real Kafka broker
# and a local[4] Spark, runs every cell of the matrix (stock kafka, kafka-routed, kafka-routed via
# ForeachWriter × 5 triggers) and the saturation runs (which include kafka-routed-value; its
# latency cells run with --cells, e.g. kafka-routed-value/realtime-5min), and writes results.json, results.csv,
# results.md and SVG charts.
#
#   benchmarks/run-e2e.sh [--full | --quick] [--out DIR] [--cells sink/trigger,...]
#                         [--warmup S] [--measure S] [--saturation-records N]
#
# --full (default) takes about 15 minutes; --quick well under one. Default --out: benchmarks/results/e2e.
# Environment:
#   E2E_SKIP_BUILD=1         reuse the last build (benchmarks/target/e2e)
#   E2E_MAVEN_ARGS="-o"      extra Maven arguments (e.g. offline)
#   E2E_JAVA_OPTS="-Xmx4g"   JVM options (default -Xmx4g -XX:+UseG1GC)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${E2E_SKIP_BUILD:-0}" != "1" ]; then
  echo "Building the harness (mvn package -Pbenchmarks-e2e -pl benchmarks -am)..."
  # shellcheck disable=SC2086
  mvn -B -q -Dstyle.color=never -Pbenchmarks-e2e -DskipTests ${E2E_MAVEN_ARGS:-} package -pl benchmarks -am
fi
if [ ! -f benchmarks/target/e2e/classpath.txt ] || [ ! -f benchmarks/target/e2e/jvm.args ]; then
  echo "run-e2e: benchmarks/target/e2e is incomplete; run without E2E_SKIP_BUILD=1" >&2
  exit 2
fi
classpath="$PWD/benchmarks/target/classes:$(cat benchmarks/target/e2e/classpath.txt)"
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec java ${E2E_JAVA_OPTS:--Xmx4g -XX:+UseG1GC} @benchmarks/target/e2e/jvm.args -cp "$classpath" \
  io.github.kafkarouted.benchmarks.e2e.LatencyHarness "$@"
