#!/usr/bin/env bash
# Functions for bench/filter.sh, which sources this file after setting the globals they use
# (OUT, JAR, JVM, LUA, PORTS, PIDS, SECRET, TICKS, STAMP, THREADS, CONNECTIONS, WARMUP,
# DRAIN_LIMIT) and the function log. Not meant to run on its own.

# --- nodes ---------------------------------------------------------------------------------------
stop_nodes() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

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

# start_node NAME APP(notes|kv) PORT CONFIG|-|fanout:URL,...   -> pid appended to PIDS
start_node() {
  local name=$1 app=$2 port=$3 config=$4 dir=$OUT/$1 args
  mkdir -p "$dir"
  args=(--port "$port")
  case $config in
    -) ;;
    fanout:*) args+=(--fan-out "${config#fanout:}") ;;
    *) args+=(--spawn-config "$config") ;;
  esac
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

cpu_ticks() { # "user system" clock ticks of the given pids together
  local pid user=0 system=0
  for pid in "$@"; do
    read -r u s < <(awk '{print $14, $15}' "/proc/$pid/stat")
    user=$((user + u))
    system=$((system + s))
  done
  echo "$user $system"
}

# cpu_per_write "U0 S0" "U1 S1" WRITES JIT: server CPU µs per write, with the kernel's and the
# JIT compiler's shares of it.
cpu_per_write() {
  awk -v a="$1" -v b="$2" -v t="$TICKS" -v n="$3" -v j="$4" 'BEGIN {
    split(a, x, " "); split(b, y, " "); u = y[1] - x[1]; s = y[2] - x[2]; c = (u + s > 0) ? u + s : 1
    printf "%.0f (%.0f%% kernel, %.0f%% JIT)", (u + s) / t * 1e6 / n, 100 * s / c, 100 * j / c }'
}

# thread_ticks PID: "kind<TAB>ticks" per kind of thread (its name without numbers), by kind.
thread_ticks() {
  local f
  for f in /proc/"$1"/task/*/stat; do
    awk '{ i = index($0, "("); j = 0
      for (k = length($0); k > i; k--) if (substr($0, k, 1) == ")") { j = k; break }
      split(substr($0, j + 2), a, " "); print substr($0, i + 1, j - i - 1) "\t" a[12] + a[13] }' \
      "$f" 2>/dev/null || true
  done | awk -F'\t' '{ n = $1; sub(/^qtp.*/, "jetty (qtp)", n); sub(/^spawn-delivery.*/, "spawn-delivery", n)
      sub(/^C[12] Compiler.*/, "JIT compiler", n)
      sub(/^(GC Thread|G1 ).*/, "GC", n); gsub(/[-#0-9:.@]+$/, "", n); t[n] += $2 }
    END { for (k in t) print k "\t" t[k] }' | sort
}

# thread_report BEFORE AFTER WRITES: server CPU µs per write by kind of thread, largest first.
thread_report() {
  join -t$'\t' "$1" "$2" | awk -F'\t' -v t="$TICKS" -v n="$3" '
    { d = $3 - $2; if (d > 0) printf "%8.1f  %s\n", d / t * 1e6 / n, $1 }' | sort -rn | head -8
}

# writer_sched PID: "ran-ns waited-ns involuntary-switches" of the node's journal writer thread
# (/proc schedstat: time on a CPU, time runnable but waiting for one), or "0 0 0" without one.
writer_sched() {
  local t
  for t in /proc/"$1"/task/*; do
    if [[ $(cat "$t/comm" 2>/dev/null) == spawn-journal-w* ]]; then
      echo "$(cut -d' ' -f1,2 "$t/schedstat") $(awk '/^nonvoluntary_ctxt_switches/ {print $2}' "$t/status")"
      return 0
    fi
  done
  echo "0 0 0"
}

# writer_report "BEFORE" "AFTER" SECONDS: how the journal writer spent the measured window.
writer_report() {
  awk -v a="$1" -v b="$2" -v secs="$3" 'BEGIN { split(a, x, " "); split(b, y, " ")
    if (y[1] == 0) exit
    printf "journal writer thread over the %d s: on a CPU %.1f s, runnable but waiting for a CPU %.1f s, preempted %d times\n",
      secs, (y[1] - x[1]) / 1e9, (y[2] - x[2]) / 1e9, y[3] - x[3] }'
}

jit_ticks() { # clock ticks of the JIT compiler threads of the given pids together
  local pid
  for pid in "$@"; do thread_ticks "$pid"; done | awk -F'\t' '$1 == "JIT compiler" {s += $2} END {print s + 0}'
}

# warm_up NAME MAX PIDS...: load on every node for WARMUP s, then 5 s more at a time while the
# JIT compiler still took over a tenth of the nodes' CPU (a loaded machine compiles slowly), at
# most MAX s in all. Uses the global array PORTS_UNDER_LOAD.
warm_up() {
  local name=$1 max=$2 start=$SECONDS secs=$WARMUP j0 j1 c0 c1 port wrks
  shift 2
  while :; do
    j0=$(jit_ticks "$@")
    c0=$(cpu_ticks "$@" | awk '{print $1 + $2}')
    wrks=()
    for port in "${PORTS_UNDER_LOAD[@]}"; do
      wrk_run "$OUT/$name/warmup-$port-$((SECONDS - start)).txt" "$port" "$secs" &
      wrks+=($!)
    done
    wait "${wrks[@]}"
    j1=$(jit_ticks "$@")
    c1=$(cpu_ticks "$@" | awk '{print $1 + $2}')
    if (((j1 - j0) * 10 <= c1 - c0 || SECONDS - start + 5 > max)); then
      log "$name: warmed up in $((SECONDS - start)) s (JIT compiler $((j1 - j0)) of $((c1 - c0))" \
        "ticks in the last $secs s)"
      return 0
    fi
    secs=5
  done
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
p50ms() { pct 50% "$1"; }
p99ms() { pct 99% "$1"; }
pct() { # pct 99% FILE: that latency percentile of a wrk --latency report, in ms
  awk -v p="$1" '$1 == p {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * f}' "$2"
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
