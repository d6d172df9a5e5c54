#!/usr/bin/env bash
# Chaos/soak run of a real 3-node cluster (child JVMs of the example notes app with Spawn):
# clients write to random nodes while nodes are SIGKILLed, SIGTERMed and put in maintenance;
# at the end every acknowledged write must be on every node. Prints a summary; exits 1 on a
# violation. Nodes' logs, data and journals stay in the work dir.
# Usage: bench/chaos.sh [seconds] [work dir] [seed]   (defaults: 240, target/chaos-<time>, random)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl spawn-examples -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/chaos.classpath
CP="spawn-examples/target/test-classes:spawn-examples/target/classes:$(cat spawn-examples/target/chaos.classpath)"
SECONDS_ARG="${1:-240}"
DIR="${2:-spawn-examples/target/chaos-$(date -u +%Y%m%dT%H%M%SZ)}"
echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
" $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -1)"
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  dev.spawn.examples.chaos.ChaosRun "$SECONDS_ARG" "$DIR" ${3:+"$3"}
