#!/usr/bin/env bash
# Summarises a JFR recording's CPU samples (jdk.ExecutionSample) for bench/filter.sh: samples per
# thread kind, per area of the code (the innermost frame that belongs to a known area), and the
# top frames; then what request threads waited on (monitor waits, native samples).
# Usage: bench/jfr-top.sh recording.jfr [top-n]
set -euo pipefail
JFR_FILE=$1
TOP=${2:-15}
EVENTS=$(mktemp)
trap 'rm -f "$EVENTS"' EXIT
# One pass over the recording (each jfr run starts a JVM); the awk scripts pick their events.
jfr print --events jdk.ExecutionSample,jdk.JavaMonitorEnter,jdk.NativeMethodSample \
  --stack-depth 64 "$JFR_FILE" >"$EVENTS"

# only EVENT: the events of one type from the dump.
only() { awk -v e="$1" '/^jdk\./ {on = ($1 == e)} on' "$EVENTS"; }

only jdk.ExecutionSample | awk -v top="$TOP" '
  function area(frame) {
    if (frame ~ /^org\.sqlite\./) return "SQLite (JDBC + native)"
    if (frame ~ /^dev\.spawn\.journal\./) return "Spawn journal"
    if (frame ~ /^dev\.spawn\.delivery\./) return "Spawn delivery"
    if (frame ~ /^dev\.spawn\.(mirror|metrics)\./) return "Spawn mirror codec, signing, metrics"
    if (frame ~ /^dev\.spawn\.servlet\./) return "Spawn filter"
    if (frame ~ /^dev\.spawn\.examples\./) return "application"
    if (frame ~ /^dev\.spawn\./) return "Spawn (other)"
    if (frame ~ /^org\.apache\.hc\./) return "HttpClient (delivery, health checks)"
    if (frame ~ /^org\.eclipse\.jetty\./) return "Jetty"
    return ""
  }
  function flush() {
    if (!inevent) return
    n++
    kind = thread; gsub(/[-0-9]+$/, "", kind)
    kinds[kind]++
    a = "JDK only (no known frame on the stack)"
    for (i = 1; i <= depth; i++) { x = area(frames[i]); if (x != "") { a = x; break } }
    areas[a]++
    if (depth > 0) tops[frames[1]]++
    inevent = 0; depth = 0
  }
  /^jdk\.ExecutionSample/ { flush(); inevent = 1; depth = 0; next }
  /sampledThread = / { thread = $0; sub(/.*sampledThread = "/, "", thread); sub(/".*/, "", thread) }
  /^    [a-zA-Z_$].*\(/ { f = $0; sub(/^ +/, "", f); sub(/ +line:.*/, "", f); frames[++depth] = f }
  END {
    flush()
    printf "CPU samples (jdk.ExecutionSample): %d\n\nBy thread kind:\n", n
    for (k in kinds) printf "%6.1f%%  %s\n", 100 * kinds[k] / n, k | "sort -rn"
    close("sort -rn")
    printf "\nBy area (innermost frame of a known area):\n"
    for (k in areas) printf "%6.1f%%  %s\n", 100 * areas[k] / n, k | "sort -rn"
    close("sort -rn")
    printf "\nTop %d frames (self):\n", top
    for (k in tops) printf "%6.1f%%  %s\n", 100 * tops[k] / n, k | "sort -rn | head -" top
    close("sort -rn | head -" top)
  }'

echo
echo "Monitor waits over 10 ms (jdk.JavaMonitorEnter), by class and innermost Spawn frame:"
only jdk.JavaMonitorEnter | awk '
  /monitorClass = / { c = $3 }
  /^    dev\.spawn\./ && !seen { f = $0; sub(/^ +/, "", f); sub(/\(.*/, "()", f); seen = 1 }
  /^}/ { if (c != "") w[c "  at " (seen ? f : "?")]++; c = ""; seen = 0 }
  END { for (k in w) printf "%6d  %s\n", w[k], k | "sort -rn | head -8" }'

echo
echo "Native samples (threads in native code: fsync, socket, epoll), top frames:"
only jdk.NativeMethodSample | awk '
  /stackTrace = \[/ { top = 1; next }
  top && /^    [a-zA-Z_$].*\(/ { f = $0; sub(/^ +/, "", f); sub(/ +line:.*/, "", f); t[f]++; n++; top = 0 }
  END { for (k in t) printf "%6.1f%%  %s\n", 100 * t[k] / n, k | "sort -rn | head -6" }'
