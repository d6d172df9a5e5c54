#!/usr/bin/env bash
# Journal benchmarks: JMH append rate (1 KiB payloads; sync FULL and NORMAL; 1, 8, 64 threads)
# and the heap harness (1,000,000 entries queued for one peer, read back in batches).
# Usage: bench/journal.sh [quick]   ("quick": shorter iterations). Results: spawn-core/target/jmh-*.json
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl spawn-core -Pbench test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="spawn-core/target/test-classes:spawn-core/target/classes:$(cat spawn-core/target/bench.classpath)"

if [[ "${1:-}" == "quick" ]]; then
  ITER=(-wi 1 -w 2s -i 2 -r 3s)
else
  ITER=(-wi 1 -w 3s -i 3 -r 5s)
fi
for threads in 1 8 64; do
  java -cp "$CP" org.openjdk.jmh.Main JournalAppendBenchmark -f 1 -t "$threads" "${ITER[@]}" \
    -jvmArgsAppend -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -rf json -rff "spawn-core/target/jmh-journal-t$threads.json"
done

java -Xmx128m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.spawn.journal.bench.JournalHeapHarness 1000000
