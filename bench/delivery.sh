#!/usr/bin/env bash
# Delivery benchmark: ordered delivery to one local Jetty peer against one sequential HTTP client
# (same peer, same run), catch-up of a backlog, and heap with 1,000,000 updates queued.
# Usage: bench/delivery.sh [updates] [queued]   (defaults 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl spawn-core -am -Pbench test-compile
mvn -B -q -pl spawn-core -Pbench dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="spawn-core/target/test-classes:spawn-core/target/classes:$(cat spawn-core/target/bench.classpath)"
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  dev.spawn.delivery.bench.DeliveryHarness "${1:-100000}" "${2:-1000000}"
