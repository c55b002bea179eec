#!/usr/bin/env bash
# The kafka-routed demo in one command: builds what it needs, starts a real Kafka broker and a
# local Spark, runs the routing pipeline with a live view, and checks that no event was lost.
#
#   ./demo.sh [--trigger realtime|microbatch|continuous] [--rate N] [--duration 60s]
#             [--bootstrap-servers host:port] [--bad-records] [--plain] [--help]
#
# Needs Java 17+ and Maven 3.8+. Environment:
#   DEMO_SKIP_BUILD=1        reuse the last build (it/target/demo)
#   DEMO_MAVEN_ARGS="-o"     extra Maven arguments (e.g. offline)
#   DEMO_JAVA_OPTS="-Xmx3g"  JVM options (default -Xmx2g)
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1; then
  echo "demo: java not found; install Java 17 or newer" >&2
  exit 2
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  echo "demo: Java 17 or newer is needed (found: ${java_major:-unknown})" >&2
  exit 2
fi

if [ "${DEMO_SKIP_BUILD:-0}" != "1" ]; then
  if ! command -v mvn >/dev/null 2>&1; then
    echo "demo: mvn not found; install Maven 3.8 or newer" >&2
    exit 2
  fi
  echo "Building the demo (mvn package -pl it -am; the first run downloads Spark, Delta and Kafka: a few minutes)..."
  # shellcheck disable=SC2086
  mvn -B -q -Dstyle.color=never -Pdemo -DskipTests ${DEMO_MAVEN_ARGS:-} package -pl it -am
fi

if [ ! -f it/target/demo/classpath.txt ] || [ ! -f it/target/demo/jvm.args ]; then
  echo "demo: it/target/demo is incomplete; run without DEMO_SKIP_BUILD=1" >&2
  exit 2
fi
classpath="$PWD/it/target/classes:$(cat it/target/demo/classpath.txt)"

# The demo runs as a background job in its own process group (set -m), so that Ctrl-C reaches
# only this script, which passes it on to the demo JVM alone: the broker JVM it started must
# keep running until the demo has read the last events and stops it itself.
set -m
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
java ${DEMO_JAVA_OPTS:--Xmx2g} @it/target/demo/jvm.args -cp "$classpath" \
  io.github.kafkarouted.it.demo.DemoMain "$@" &
demo_pid=$!
trap 'kill -INT "$demo_pid" 2>/dev/null || true' INT
trap 'kill -TERM "$demo_pid" 2>/dev/null || true' TERM HUP
set +e
while kill -0 "$demo_pid" 2>/dev/null; do
  wait "$demo_pid"
done
wait "$demo_pid"
exit $?
