#!/usr/bin/env bash
# Embedded filter benchmark: what SpawnFilter costs on the node that takes a write, and how much
# of one node's rate a three-node cluster keeps, measured with wrk on this machine in one run.
#
#   1. Origin overhead: one node with the filter (journal sync full, acks 0, its two peers
#      configured but in maintenance, so no delivery runs) against the same app without it.
#   2. Cluster efficiency: three nodes, all active, one wrk per node at once (summed), against
#      one bare node: 3 x cluster rate / bare rate (every write is applied three times).
#
# Both for the example notes app (it fsyncs every note: disk-bound) and for KvBenchApp, an
# in-memory key-value servlet whose own work is cheap, so the filter's own cost shows.
# Load: PUT /notes/<unique id> with a 1 KiB JSON body (bench/filter-put.lua), wrk -t2 -c16, after
# a warm-up that lasts until the JIT compiler is mostly done. Load generator and servers share the
# machine's cores; nothing is pinned. Each phase also reports the servers' CPU per write (from
# /proc, by kind of thread), which other work on the machine disturbs far less than the rates.
# After the kv-origin phase, a JFR profile of that node under 10 s more load, and after kv-cluster
# one of its node 1. About 6 minutes.
#
# Usage: bench/filter.sh
# Environment: DURATION=15 (s measured per phase), WARMUP=10 (s, at least), WARMUP_MAX=20,
#   CLUSTER_WARMUP_MAX=30, THREADS=2, CONNECTIONS=16 (wrk, per node), PROFILE=1 (0: no JFR),
#   BASE_PORT (random; nodes listen on the three ports above it), JAR (another build of
#   spawn-example-app.jar, to compare builds), PHASES (default "kv-bare kv-origin notes-bare
#   notes-origin kv-cluster kv-fanout notes-cluster"; kv-origin-normal, notes-origin-normal,
#   kv-cluster-normal and notes-cluster-normal run with journal sync normal; kv-fanout runs
#   three kv nodes that copy each write to the others over plain HTTP, without Spawn: the floor
#   for replication by one HTTP request per copy).
# Results: spawn-examples/target/fbench/<time>/ (summary.md, wrk reports, node logs, JFR file).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
WARMUP_MAX=${WARMUP_MAX:-20}
CLUSTER_WARMUP_MAX=${CLUSTER_WARMUP_MAX:-30}
PROFILE=${PROFILE:-1}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
BASE_PORT=${BASE_PORT:-$((20000 + RANDOM % 20000))}
DRAIN_LIMIT=${DRAIN_LIMIT:-90}
JAR_GIVEN=${JAR:+1}
JAR=${JAR:-$ROOT/spawn-examples/target/spawn-example-app.jar}
PHASES=${PHASES:-kv-bare kv-origin notes-bare notes-origin kv-cluster kv-fanout notes-cluster}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$ROOT/spawn-examples/target/fbench/$STAMP
LUA=$ROOT/bench/filter-put.lua
JVM=(-Xms1g -Xmx2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
TICKS=$(getconf CLK_TCK)
SECRET=$(head -c 32 /dev/urandom | base64)
PORTS=($((BASE_PORT + 1)) $((BASE_PORT + 2)) $((BASE_PORT + 3)))
PIDS=()
RESULTS=()

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

# --- tools and jars ------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  SUDO=$([[ $(id -u) -eq 0 ]] || echo sudo)
  $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q wrk >/dev/null
fi
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }
if [[ -z ${JAR_GIVEN:-} ]] && [[ ! -f $JAR || -n $(find spawn-*/src/main spawn-*/pom.xml pom.xml -newer "$JAR" -type f \
    -print -quit) ]]; then
  log "building $JAR"
  mvn -B -q -o -pl spawn-examples -am package -DskipTests \
    || mvn -B -q -pl spawn-examples -am package -DskipTests
fi
mkdir -p "$OUT"

# shellcheck source=bench/filter-lib.sh
source "$ROOT/bench/filter-lib.sh"
trap 'stop_nodes' EXIT
trap 'exit 130' INT TERM

# --- phases --------------------------------------------------------------------------------------
# single LABEL APP bare|origin [SYNC]: one node under one wrk.
single() {
  local label=$1 app=$2 mode=$3 sync=${4:-full} config=- port=${PORTS[0]} pid t0 t1 j0 j1 f
  log "$label: $app, $mode$([[ $mode == bare ]] || echo ", sync $sync") (load $(load1))"
  if [[ $mode == origin ]]; then
    mkdir -p "$OUT/$label"
    config=$OUT/$label/spawn.json
    write_config "$config" "$port" true "$sync"
  fi
  start_node "$label" "$app" "$port" "$config"
  pid=${PIDS[0]}
  PORTS_UNDER_LOAD=("$port")
  warm_up "$label" "$WARMUP_MAX" "$pid"
  local load=$(load1)
  thread_ticks "$pid" >"$OUT/$label/threads-0.tsv"
  t0=$(cpu_ticks "$pid")
  j0=$(jit_ticks "$pid")
  local w0 w1
  w0=$(writer_sched "$pid")
  f=$OUT/$label/wrk.txt
  wrk_run "$f" "$port" "$DURATION"
  w1=$(writer_sched "$pid")
  t1=$(cpu_ticks "$pid")
  j1=$(jit_ticks "$pid")
  thread_ticks "$pid" >"$OUT/$label/threads-1.tsv"
  {
    thread_report "$OUT/$label/threads-0.tsv" "$OUT/$label/threads-1.tsv" "$(requests "$f")"
    writer_report "$w0" "$w1" "$DURATION"
  } >"$OUT/$label/threads.txt"
  if [[ $label == kv-origin && $PROFILE == 1 ]]; then profile "$OUT/profile" "$pid" "$port"; fi
  stop_nodes
  RESULTS+=("$label|$mode$([[ $sync == full ]] || echo ", sync $sync")|$(rps "$f")|$(p50ms "$f")|$(p99ms "$f")|$(requests "$f")|$(non2xx "$f")+$(sockerr "$f")|$(
    cpu_per_write "$t0" "$t1" "$(requests "$f")" $((j1 - j0)))|-|$load")
  log "$label: $(rps "$f") req/s, p99 $(p99ms "$f") ms"
}

# cluster LABEL APP [SYNC|fanout]: three active nodes, one wrk on each at once. fanout: three
# kv nodes without Spawn, each copying every write to the other two over plain HTTP before it
# answers (KvBenchApp --fan-out): the floor for replicating by one HTTP request per copy.
cluster() {
  local label=$1 app=$2 sync=${3:-full} i j port pids=() t0 t1 j0 j1 load total=0 sum=0 p99max=0 errs=0 wait_s counts=""
  local p50s="" others
  log "$label: $app, 3-node cluster$([[ $sync == fanout ]] && echo " copying over plain HTTP") (load $(load1))"
  mkdir -p "$OUT/$label"
  for i in 0 1 2; do
    port=${PORTS[$i]}
    if [[ $sync == fanout ]]; then
      others=""
      for j in 0 1 2; do
        ((j == i)) || others+="${others:+,}http://127.0.0.1:${PORTS[$j]}"
      done
      start_node "$label/node$((i + 1))" "$app" "$port" "fanout:$others"
    else
      write_config "$OUT/$label/spawn-$port.json" "$port" false "$sync"
      start_node "$label/node$((i + 1))" "$app" "$port" "$OUT/$label/spawn-$port.json"
    fi
  done
  pids=("${PIDS[@]}")
  local wrks=()
  PORTS_UNDER_LOAD=("${PORTS[@]}")
  warm_up "$label" "$CLUSTER_WARMUP_MAX" "${pids[@]}"
  wait_s=$([[ $sync == fanout ]] && echo 0 || drain)
  log "$label: warm-up drained in ${wait_s} s"
  load=$(load1)
  t0=$(cpu_ticks "${pids[@]}")
  j0=$(jit_ticks "${pids[@]}")
  thread_ticks "${pids[0]}" >"$OUT/$label/threads-0.tsv"
  local w0 w1 t_start=$SECONDS
  w0=$(writer_sched "${pids[0]}")
  wrks=()
  for port in "${PORTS[@]}"; do
    wrk_run "$OUT/$label/wrk-$port.txt" "$port" "$DURATION" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  wait_s=$([[ $sync == fanout ]] && echo 0 || drain)
  t1=$(cpu_ticks "${pids[@]}")
  j1=$(jit_ticks "${pids[@]}")
  w1=$(writer_sched "${pids[0]}")
  thread_ticks "${pids[0]}" >"$OUT/$label/threads-1.tsv"
  for port in "${PORTS[@]}"; do
    local f=$OUT/$label/wrk-$port.txt
    sum=$(awk -v a="$sum" -v b="$(rps "$f")" 'BEGIN {print a + b}')
    total=$((total + $(requests "$f")))
    errs=$((errs + $(non2xx "$f") + $(sockerr "$f")))
    p99max=$(awk -v a="$p99max" -v b="$(p99ms "$f")" 'BEGIN {print (b > a) ? b : a}')
    p50s+="${p50s:+/}$(p50ms "$f")"
    counts+="${counts:+/}$(count "$app" "$port")"
  done
  if [[ $label == kv-cluster && $PROFILE == 1 ]]; then
    profile "$OUT/profile-cluster" "${pids[0]}" "${PORTS[@]}"
  fi
  stop_nodes
  RESULTS+=("$label|3 nodes$([[ $sync == full ]] || echo ", $([[ $sync == fanout ]] || echo "sync ")$sync")|$sum|$p50s|$p99max|$total|$errs|$(
    cpu_per_write "$t0" "$t1" "$total" $((j1 - j0)))|$wait_s|$load")
  echo "$counts" >"$OUT/$label/counts.txt"
  # Node 1 took a third of the client writes and applied all of them: per write applied there.
  {
    thread_report "$OUT/$label/threads-0.tsv" "$OUT/$label/threads-1.tsv" "$total"
    writer_report "$w0" "$w1" $((SECONDS - t_start))
  } >"$OUT/$label/threads.txt"
  log "$label: $sum req/s over 3 nodes, drained ${wait_s} s after, counts per node $counts"
}

# profile DIR PID PORT...: a JFR recording of a warmed-up node under 10 s more of the same load
# (on every port given, at once), and its summary (bench/jfr-top.sh).
profile() {
  local dir=$1 pid=$2 secs=10 home port wrks=()
  shift 2
  log "profile: JFR of node $pid under $secs s more load on $* (load $(load1))"
  mkdir -p "$dir"
  # The JDK's "profile" settings, sampling Java code every 1 ms instead of 10 for more samples.
  home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  sed 's|method-sampling-java-interval">10 ms|method-sampling-java-interval">1 ms|' \
    "$home/lib/jfr/profile.jfc" >"$dir/sampling.jfc"
  jcmd "$pid" JFR.start name=fbench settings="$dir/sampling.jfc" duration="${secs}s" \
    filename="$dir/recording.jfr" >/dev/null
  for port in "$@"; do
    wrk_run "$dir/wrk-$port.txt" "$port" "$secs" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  for _ in $(seq 100); do [[ -s $dir/recording.jfr ]] && break; sleep 0.2; done
  sleep 1
  "$ROOT/bench/jfr-top.sh" "$dir/recording.jfr" >"$dir/top.txt" || true
}

log "results in $OUT; ports ${PORTS[*]}; wrk -t$THREADS -c$CONNECTIONS, ${WARMUP}-${WARMUP_MAX} s warm-up," \
  "${DURATION} s measured"
UPTIME_START=$(uptime)
for phase in $PHASES; do
  case $phase in
    *-cluster) cluster "$phase" "${phase%-cluster}" ;;
    *-cluster-normal) cluster "$phase" "${phase%-cluster-normal}" normal ;;
    kv-fanout) cluster "$phase" kv fanout ;;
    *-origin-normal) single "$phase" "${phase%-origin-normal}" origin normal ;;
    *-bare | *-origin) single "$phase" "${phase%-*}" "${phase##*-}" ;;
    *) echo "unknown phase $phase" >&2; exit 2 ;;
  esac
done
UPTIME_END=$(uptime)

# --- summary -------------------------------------------------------------------------------------
{
  echo "# bench/filter.sh $STAMP"
  echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); wrk -t$THREADS -c$CONNECTIONS" \
    "-d${DURATION}s (cluster: one such wrk per node, at once); 1 KiB PUTs to new ids"
  echo "uptime at start: $UPTIME_START"
  echo "uptime at end:   $UPTIME_END"
  echo
  echo "| phase | setup | req/s | p50 ms | p99 ms | requests | errors | server CPU µs/write | drain s | load |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for r in "${RESULTS[@]}"; do echo "| ${r//|/ | } |"; done
  echo
  field() { # field LABEL N
    local r
    for r in "${RESULTS[@]}"; do
      if [[ ${r%%|*} == "$1" ]]; then echo "$r" | cut -d'|' -f"$2"; fi
    done
  }
  for app in kv notes; do
    bare=$(field "$app-bare" 3)
    [[ -n $bare && -n $(field "$app-origin" 3) ]] || continue
    awk -v app="$app" -v b="$bare" -v o="$(field "$app-origin" 3)" \
      -v mb="$(field "$app-bare" 4)" -v mo="$(field "$app-origin" 4)" \
      -v pb="$(field "$app-bare" 5)" -v po="$(field "$app-origin" 5)" 'BEGIN {
        printf "%s: origin / bare = %.2f (target >= 0.85); added latency: p50 %+.2f ms, p99 %+.2f ms\n",
          app, o / b, mo - mb, po - pb }'
  done
  for label in kv-cluster notes-cluster kv-cluster-normal notes-cluster-normal kv-fanout; do
    [[ -n $(field "$label" 3) ]] || continue
    app=${label%%-*}
    bare=$(field "$app-bare" 3)
    [[ -n $bare ]] || continue
    awk -v label="$label" -v b="$bare" -v c="$(field "$label" 3)" -v n="$(field "$label" 6)" \
      -v d="$(field "$label" 9)" -v dur="$DURATION" 'BEGIN {
        printf "%s: 3 x %.0f / %.0f = %.2f (target >= 0.7)", label, c, b, 3 * c / b
        if (d != "-") printf "; counting the drain: %.2f", 3 * n / (dur + d) / b
        else printf "; backlog not drained"
        printf "\n" }'
    echo "  writes held per node after the drain: $(cat "$OUT/$label/counts.txt")"
  done
  for label in kv-bare kv-origin kv-origin-normal kv-cluster notes-bare notes-origin notes-origin-normal notes-cluster; do
    [[ -s $OUT/$label/threads.txt ]] || continue
    echo
    echo "$label: server CPU µs per write by kind of thread$([[ $label == *cluster ]] && echo \
      " (node 1, per write it applied: its own and its peers')")"
    cat "$OUT/$label/threads.txt"
  done
  if [[ -s $OUT/profile/top.txt ]]; then
    echo
    echo "JFR of the filtered in-memory node (kv-origin) under 10 s more load:"
    cat "$OUT/profile/top.txt"
  fi
  if [[ -s $OUT/profile-cluster/top.txt ]]; then
    echo
    echo "JFR of node 1 of the three kv nodes under 10 s more load:"
    cat "$OUT/profile-cluster/top.txt"
  fi
} | tee "$OUT/summary.md"
# The node data (notes, journals) is large and of no further use; reports and logs stay.
find "$OUT" -mindepth 2 \( -name data -o -name 'journal-*' \) -prune -exec rm -rf {} +
