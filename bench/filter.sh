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
# Load: PUT /notes/<unique id> with a 1 KiB JSON body (bench/filter-put.lua). Load generator and
# servers share the machine's cores; nothing is pinned. Then a JFR profile of the filtered
# in-memory node under the same load. About 5 minutes.
#
# Usage: bench/filter.sh   (env: DURATION=15 WARMUP=12 THREADS=2 CONNECTIONS=16 BASE_PORT=<random>
#   PHASES="kv-bare kv-origin notes-bare notes-origin kv-cluster notes-cluster kv-cluster-normal
#   profile" to run a
#   subset, JAR=<another build of spawn-example-app.jar> to compare builds).
# Results: spawn-examples/target/fbench/<time>/ (summary.md, wrk reports, node logs, the JFR file).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-12}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
BASE_PORT=${BASE_PORT:-$((20000 + RANDOM % 20000))}
DRAIN_LIMIT=${DRAIN_LIMIT:-90}
JAR_GIVEN=${JAR:+1}
JAR=${JAR:-$ROOT/spawn-examples/target/spawn-example-app.jar}
PHASES=${PHASES:-kv-bare kv-origin notes-bare notes-origin kv-cluster notes-cluster kv-cluster-normal profile}
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

# --- nodes ---------------------------------------------------------------------------------------
stop_nodes() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap 'stop_nodes' EXIT
trap 'exit 130' INT TERM

# write_config FILE SELF_PORT PEER_MAINTENANCE(true|false) [SYNC]: the three nodes, self among them.
write_config() {
  local file=$1 self=$2 maintenance=$3 sync=${4:-full} port m nodes="" i=0
  for port in "${PORTS[@]}"; do
    i=$((i + 1))
    m=$([[ $port == "$self" ]] && echo false || echo "$maintenance")
    nodes+="${nodes:+, }{\"host\": \"127.0.0.1\", \"port\": $port, \"priority\": $i, \"maintenance\": $m}"
  done
  cat >"$file" <<EOF
{
  "self": "127.0.0.1:$self",
  "nodes": [$nodes],
  "health-check": {"seconds": 2, "url": "/health"},
  "journal": {"path": "$(dirname "$file")/journal-$self.db", "sync": "$sync"},
  "mirror": {"secret": "$SECRET"},
  "acks": 0
}
EOF
}

# start_node NAME APP(notes|kv) PORT CONFIG|-   -> pid appended to PIDS
start_node() {
  local name=$1 app=$2 port=$3 config=$4 dir=$OUT/$1 args
  mkdir -p "$dir"
  args=(--port "$port")
  [[ $config == - ]] || args+=(--spawn-config "$config")
  if [[ $app == notes ]]; then
    java "${JVM[@]}" -jar "$JAR" "${args[@]}" --data-dir "$dir/data" >"$dir/node.log" 2>&1 &
  else
    java "${JVM[@]}" -cp "$JAR" dev.spawn.examples.bench.KvBenchApp "${args[@]}" \
      >"$dir/node.log" 2>&1 &
  fi
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health" && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$dir/node.log" >&2; echo "node $name died" >&2; exit 1; }
    sleep 0.1
  done
  echo "node $name did not answer /health within 60 s" >&2
  exit 1
}

cpu_ticks() { # total user+system ticks of the given pids
  local pid sum=0
  for pid in "$@"; do
    sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$sum"
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# --- load ----------------------------------------------------------------------------------------
# wrk_run FILE PORT SECONDS: one wrk against one node, its report in FILE.
wrk_run() {
  FBENCH_RUN="$(basename "$1" .txt)-$2-$STAMP" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3s" \
    --latency --timeout 30s -s "$LUA" "http://127.0.0.1:$2" >"$1"
}

rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
requests() { awk '/requests in/ {print $1}' "$1"; }
non2xx() { awk '/Non-2xx/ {n = $NF} END {print n + 0}' "$1"; }
sockerr() { awk '/Socket errors/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$1" | awk '{s += $1} END {print s + 0}'; }
p99ms() {
  awk '$1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * f}' "$1"
}

# queue_depth PORT: updates waiting at this node for its peers.
queue_depth() {
  curl -sf "http://127.0.0.1:$1/spawn/queues" | grep -o '"depth": *[0-9]*' \
    | awk -F: '{s += $2} END {print s + 0}'
}

# count APP PORT: writes this node holds.
count() {
  if [[ $1 == kv ]]; then
    curl -sf "http://127.0.0.1:$2/notes"
  else
    curl -sf "http://127.0.0.1:$2/digest" | grep -o '"count": *[0-9]*' | grep -o '[0-9]*$'
  fi
}

# drain: waits until no node has updates waiting; prints the seconds it took (or "-" if not).
drain() {
  local start=$SECONDS total port
  while ((SECONDS - start < DRAIN_LIMIT)); do
    total=0
    for port in "${PORTS[@]}"; do total=$((total + $(queue_depth "$port"))); done
    if ((total == 0)); then
      echo $((SECONDS - start))
      return 0
    fi
    sleep 0.5
  done
  echo "-"
}

# --- phases --------------------------------------------------------------------------------------
# single LABEL APP bare|origin: one node under one wrk.
single() {
  local label=$1 app=$2 mode=$3 config=- port=${PORTS[0]} pid t0 t1 f
  log "$label: $app, $mode (load $(load1))"
  if [[ $mode == origin ]]; then
    mkdir -p "$OUT/$label"
    config=$OUT/$label/spawn.json
    write_config "$config" "$port" true
  fi
  start_node "$label" "$app" "$port" "$config"
  pid=${PIDS[0]}
  wrk_run "$OUT/$label/warmup.txt" "$port" "$WARMUP"
  local load=$(load1)
  t0=$(cpu_ticks "$pid")
  f=$OUT/$label/wrk.txt
  wrk_run "$f" "$port" "$DURATION"
  t1=$(cpu_ticks "$pid")
  stop_nodes
  RESULTS+=("$label|$app|$mode|$(rps "$f")|$(p99ms "$f")|$(requests "$f")|$(non2xx "$f")+$(sockerr "$f")|$(
    awk -v c=$((t1 - t0)) -v t="$TICKS" -v n="$(requests "$f")" 'BEGIN {printf "%.0f", c / t * 1e6 / n}')|-|$load")
  log "$label: $(rps "$f") req/s, p99 $(p99ms "$f") ms"
}

# cluster LABEL APP [SYNC]: three active nodes, one wrk on each at once.
cluster() {
  local label=$1 app=$2 sync=${3:-full} i port pids=() t0 t1 load total=0 sum=0 p99max=0 errs=0 wait_s counts=""
  log "$label: $app, 3-node cluster (load $(load1))"
  mkdir -p "$OUT/$label"
  for i in 0 1 2; do
    port=${PORTS[$i]}
    write_config "$OUT/$label/spawn-$port.json" "$port" false "$sync"
    start_node "$label/node$((i + 1))" "$app" "$port" "$OUT/$label/spawn-$port.json"
  done
  pids=("${PIDS[@]}")
  local wrks=()
  for port in "${PORTS[@]}"; do
    wrk_run "$OUT/$label/warmup-$port.txt" "$port" "$WARMUP" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  wait_s=$(drain)
  log "$label: warm-up drained in ${wait_s} s"
  load=$(load1)
  t0=$(cpu_ticks "${pids[@]}")
  wrks=()
  for port in "${PORTS[@]}"; do
    wrk_run "$OUT/$label/wrk-$port.txt" "$port" "$DURATION" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  wait_s=$(drain)
  t1=$(cpu_ticks "${pids[@]}")
  for port in "${PORTS[@]}"; do
    local f=$OUT/$label/wrk-$port.txt
    sum=$(awk -v a="$sum" -v b="$(rps "$f")" 'BEGIN {print a + b}')
    total=$((total + $(requests "$f")))
    errs=$((errs + $(non2xx "$f") + $(sockerr "$f")))
    p99max=$(awk -v a="$p99max" -v b="$(p99ms "$f")" 'BEGIN {print (b > a) ? b : a}')
    counts+="${counts:+/}$(count "$app" "$port")"
  done
  stop_nodes
  RESULTS+=("$label|$app|cluster$([[ $sync == full ]] || echo ", sync $sync")|$sum|$p99max|$total|$errs|$(
    awk -v c=$((t1 - t0)) -v t="$TICKS" -v n="$total" 'BEGIN {printf "%.0f", c / t * 1e6 / n}')|$wait_s|$load")
  echo "$counts" >"$OUT/$label/counts.txt"
  log "$label: $sum req/s over 3 nodes, drained ${wait_s} s after, counts per node $counts"
}

# profile: the filtered in-memory node under the same load, JFR for DURATION - 5 s.
profile() {
  local port=${PORTS[0]} pid jfr=$OUT/profile/kv-origin.jfr secs=$((DURATION > 10 ? 10 : DURATION))
  log "profile: kv, origin, JFR $secs s (load $(load1))"
  mkdir -p "$OUT/profile"
  write_config "$OUT/profile/spawn.json" "$port" true
  start_node profile kv "$port" "$OUT/profile/spawn.json"
  pid=${PIDS[0]}
  wrk_run "$OUT/profile/warmup.txt" "$port" "$WARMUP"
  jcmd "$pid" JFR.start name=fbench settings=profile duration="${secs}s" filename="$jfr" >/dev/null
  wrk_run "$OUT/profile/wrk.txt" "$port" "$secs"
  for _ in $(seq 100); do [[ -s $jfr ]] && break; sleep 0.2; done
  sleep 1
  stop_nodes
  "$ROOT/bench/jfr-top.sh" "$jfr" >"$OUT/profile/top.txt" || true
}

log "results in $OUT; ports ${PORTS[*]}; wrk -t$THREADS -c$CONNECTIONS, ${WARMUP} s warm-up," \
  "${DURATION} s measured"
UPTIME_START=$(uptime)
for phase in $PHASES; do
  case $phase in
    *-cluster) cluster "$phase" "${phase%-cluster}" ;;
    *-cluster-normal) cluster "$phase" "${phase%-cluster-normal}" normal ;;
    profile) profile ;;
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
  echo "| phase | app | setup | req/s | p99 ms | requests | errors | server CPU µs/write | drain s | load |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for r in "${RESULTS[@]}"; do echo "| ${r//|/ | } |"; done
  echo
  field() { # field LABEL N
    local r
    for r in "${RESULTS[@]}"; do
      if [[ ${r%%|*} == "$1" ]]; then echo "$r" | cut -d'|' -f"$2"; fi
    done
  }
  for app in kv notes; do
    bare=$(field "$app-bare" 4)
    [[ -n $bare && -n $(field "$app-origin" 4) ]] || continue
    awk -v app="$app" -v b="$bare" -v o="$(field "$app-origin" 4)" -v pb="$(field "$app-bare" 5)" \
      -v po="$(field "$app-origin" 5)" 'BEGIN {
        printf "%s: origin / bare = %.2f (target >= 0.85), p99 %+.2f ms\n", app, o / b, po - pb }'
  done
  for label in kv-cluster notes-cluster kv-cluster-normal notes-cluster-normal; do
    [[ -n $(field "$label" 4) ]] || continue
    app=${label%%-*}
    bare=$(field "$app-bare" 4)
    [[ -n $bare ]] || continue
    awk -v label="$label" -v b="$bare" -v c="$(field "$label" 4)" -v n="$(field "$label" 6)" \
      -v d="$(field "$label" 9)" -v dur="$DURATION" 'BEGIN {
        printf "%s: 3 x %.0f / %.0f = %.2f (target >= 0.7)", label, c, b, 3 * c / b
        if (d != "-") printf "; counting the drain: %.2f", 3 * n / (dur + d) / b
        else printf "; backlog not drained"
        printf "\n" }'
    echo "  writes held per node after the drain: $(cat "$OUT/$label/counts.txt")"
  done
  if [[ -f $OUT/profile/top.txt ]]; then echo; cat "$OUT/profile/top.txt"; fi
} | tee "$OUT/summary.md"
# The node data (notes, journals) is large and of no further use; reports and logs stay.
find "$OUT" -mindepth 2 \( -name data -o -name 'journal-*' \) -prune -exec rm -rf {} +
