#!/usr/bin/env bash
# Compares the Spawn gateway with nginx configured as the usual alternative (proxy_pass to one node
# plus the mirror directive to the two others), in front of the same three backends, with wrk.
#
#   bench/gateway-vs-nginx.sh [--backend notes|static|both] [--reads by-priority|round-robin]
#                             [--duration SECONDS] [--rounds N] [--connections N]
#
# For each load (writes: PUT of 1 KiB to a new id; reads: GET of a 1 KiB note) both proxies are
# warmed up (the gateway longer: its JIT compiler needs it), then measured in turns, nginx and the
# gateway alternating for --rounds rounds, so that load from other processes hits both alike.
#
# --reads by-priority (default) sends the gateway's reads to node 1, as nginx's proxy_pass does;
# round-robin spreads them over the three nodes (more total work on one machine, see BENCHMARKS.md).
# notes  = three example notes apps (spawn-example-app.jar): real state, each write fsynced twice.
# static = three tiny stateless Jetty backends (bench/StaticBackend.java): what the proxy costs.
# Installs nginx and wrk with apt-get when missing (Debian, root). Not part of `mvn verify`.
set -euo pipefail

BACKEND=both
READS=by-priority
DURATION=5
ROUNDS=2
CONNECTIONS=32
WARMUP_NGINX=5
WARMUP_GATEWAY_WRITES=30
WARMUP_GATEWAY_READS=20
while [ $# -gt 0 ]; do
  case "$1" in
    --backend) BACKEND=$2; shift 2 ;;
    --backend=*) BACKEND=${1#*=}; shift ;;
    --duration) DURATION=$2; shift 2 ;;
    --duration=*) DURATION=${1#*=}; shift ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --connections=*) CONNECTIONS=${1#*=}; shift ;;
    --reads) READS=$2; shift 2 ;;
    --reads=*) READS=${1#*=}; shift ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --rounds=*) ROUNDS=${1#*=}; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$BACKEND" in notes|static|both) ;; *) echo "--backend must be notes, static or both" >&2; exit 2 ;; esac
case "$READS" in by-priority|round-robin) ;; *) echo "--reads must be by-priority or round-robin" >&2; exit 2 ;; esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
GATEWAY_JAR=$ROOT/spawn-examples/target/spawn-gateway.jar
APP_JAR=$ROOT/spawn-examples/target/spawn-example-app.jar
B1=18081; B2=18082; B3=18083; NGINX=18090; GW=18091; GW_API=18092

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  echo "== installing nginx and wrk"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null
fi
if [ ! -f "$GATEWAY_JAR" ] || [ ! -f "$APP_JAR" ]; then
  echo "== building the jars"
  (cd "$ROOT" && mvn -B -q -o -pl spawn-examples -am package -DskipTests)
fi

WORK=$(mktemp -d /tmp/spawn-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$WORK/nginx.pid" ]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_http() { # url
  for _ in $(seq 1 150); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1" >&2
  exit 1
}

start_backends() { # notes|static
  local kind=$1 port
  for port in $B1 $B2 $B3; do
    if [ "$kind" = notes ]; then
      java -Xmx256m -jar "$APP_JAR" --port "$port" --data-dir "$WORK/$kind-data-$port" \
        >"$WORK/backend-$port.log" 2>&1 &
    else
      java -Xmx256m -cp "$GATEWAY_JAR" "$BENCH/StaticBackend.java" "$port" \
        >"$WORK/backend-$port.log" 2>&1 &
    fi
    PIDS+=($!)
  done
  for port in $B1 $B2 $B3; do wait_http "http://127.0.0.1:$port/health"; done
}

stop_all() {
  cleanup
  PIDS=()
  rm -f "$WORK/nginx.pid"
}

start_nginx() {
  mkdir -p "$WORK/nginx"
  local mirror_location
  mirror_location() { # name upstream
    cat <<CONF
    location = /$1 {
      internal;
      # Only writes are worth repeating; a mirrored GET would triple the read load.
      if (\$request_method ~ ^(GET|HEAD|OPTIONS)\$) { return 204; }
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://$2\$request_uri;
    }
CONF
  }
  cat >"$WORK/nginx.conf" <<CONF
user root;
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  upstream node1 { server 127.0.0.1:$B1; keepalive 64; }
  upstream node2 { server 127.0.0.1:$B2; keepalive 64; }
  upstream node3 { server 127.0.0.1:$B3; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX;
    location / {
      mirror /mirror2;
      mirror /mirror3;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://node1;
    }
$(mirror_location mirror2 node2)
$(mirror_location mirror3 node3)
  }
}
CONF
  nginx -c "$WORK/nginx.conf" -p "$WORK/nginx"
  wait_http "http://127.0.0.1:$NGINX/health"
}

start_gateway() {
  cat >"$WORK/gateway.json" <<CONF
{
  "host": "127.0.0.1", "port": $GW,
  "api": {"host": "127.0.0.1", "port": $GW_API},
  "query-mode": {"$READS": true},
  "health-check": {"seconds": 5, "url": "/health"},
  "journal": {"path": "$WORK/gateway-journal-$1.db", "sync": "full"},
  "nodes": [{"host": "127.0.0.1", "port": $B1, "priority": 1},
            {"host": "127.0.0.1", "port": $B2, "priority": 2},
            {"host": "127.0.0.1", "port": $B3, "priority": 3}]
}
CONF
  java -Xms512m -Xmx512m -jar "$GATEWAY_JAR" --config="$WORK/gateway.json" \
    >"$WORK/gateway-$1.out" 2>"$WORK/gateway-$1.err" &
  GATEWAY_PID=$!
  PIDS+=($GATEWAY_PID)
  wait_http "http://127.0.0.1:$GW_API/nodes"
}

TICK=$(getconf CLK_TCK)
cpu_ticks() { # pids...: user + system CPU ticks so far
  local pid total=0
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

proxy_pids() { # nginx|gateway
  if [ "$1" = nginx ]; then pgrep -f "nginx: worker process" | tr '\n' ' '; else echo "$GATEWAY_PID"; fi
}

# wrk, then "<requests/s> <p99 ms> <errors> <proxy CPU us per request>" from its output; errors
# are failed requests and non-2xx answers, plus "+Nx202" when writes were only queued (202).
run_wrk() { # url script prefix seconds [proxy]
  local out before=0 pids=""
  if [ -n "${5:-}" ]; then pids=$(proxy_pids "$5"); before=$(cpu_ticks $pids); fi
  out=$(ID_PREFIX=$3 wrk -t2 -c"$CONNECTIONS" -d"$4"s --latency -s "$BENCH/$2" "$1")
  printf "== %s %s %s\n%s\n" "$3" "$2" "$1" "$out" >>"$WORK/wrk.log"
  local rps p99 errors
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; printf "%.2f", v}')
  errors=$(echo "$out" | awk -F'[= ]' '/^non-2xx/ {e = $2+$4+$6+$8+$10} /^answered-202/ {q = $2}
    END {print e + 0 (q > 0 ? "+" q "x202" : "")}')
  local cpu_us=0
  if [ -n "$pids" ]; then
    cpu_us=$(echo "$out" | awk -v t=$(( $(cpu_ticks $pids) - before )) -v hz="$TICK" \
      '/requests in/ {printf "%.0f", t * 1000000 / hz / $1}')
  fi
  echo "$rps $p99 $errors $cpu_us"
}

measure() { # kind load script gateway-warm-up-seconds
  local kind=$1 load=$2 script=$3 r round
  run_wrk "http://127.0.0.1:$NGINX" "$script" "warm-nginx-$load" "$WARMUP_NGINX" >/dev/null
  run_wrk "http://127.0.0.1:$GW" "$script" "warm-gateway-$load" "$4" >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    r=$(run_wrk "http://127.0.0.1:$NGINX" "$script" "nginx-$round" "$DURATION" nginx)
    echo "$kind-nginx $load $r" >>"$WORK/results"
    echo "   round $round $load nginx:   $r (requests/s, p99 ms, errors, proxy CPU us/request)"
    r=$(run_wrk "http://127.0.0.1:$GW" "$script" "gateway-$round" "$DURATION" gateway)
    echo "$kind-gateway $load $r" >>"$WORK/results"
    echo "   round $round $load gateway: $r"
  done
}

seed_reads() { # url of the gateway: creates /notes/r0..r99 on every node
  local body
  body="{\"title\":\"read\",\"text\":\"$(head -c 1000 /dev/zero | tr '\0' 'r')\"}"
  for i in $(seq 0 99); do
    curl -fs -o /dev/null -X PUT -H 'Content-Type: application/json' -d "$body" "$1/notes/r$i"
  done
}

report() { # backend
  local kind=$1
  echo
  echo "== backend: $kind; gateway reads $READS; wrk -t2 -c$CONNECTIONS, $ROUNDS rounds of ${DURATION}s each, mean of the rounds"
  printf "%-8s %-7s %12s %10s %8s %18s\n" proxy load "requests/s" "p99 ms" errors \
    "proxy CPU us/req"
  for proxy in nginx gateway; do
    for load in writes reads; do
      awk -v k="$kind-$proxy" -v l=$load -v p=$proxy \
        '$1==k && $2==l {n++; r+=$3; q+=$4; split($5, x, "+"); e+=x[1]; c+=$6
          if (x[2] != "") {a += x[2] + 0}}
        END {printf "%-8s %-7s %12.0f %10.2f %8s %18.0f\n", p, l, r/n, q/n,
          e (a > 0 ? "+" a "x202" : ""), c/n}' "$WORK/results"
    done
  done
  for load in writes reads; do
    awk -v k="$kind" -v l=$load '$2==l && $1==k"-gateway" {g+=$3} $2==l && $1==k"-nginx" {n+=$3}
      END {printf "gateway/nginx %s: %.2fx\n", l, g/n}' "$WORK/results"
  done
}

bench() { # notes|static
  local kind=$1
  echo "== $kind backends"
  start_backends "$kind"
  start_gateway "$kind"
  start_nginx
  seed_reads "http://127.0.0.1:$GW"
  sleep 1
  measure "$kind" writes put.lua "$WARMUP_GATEWAY_WRITES"
  measure "$kind" reads get.lua "$WARMUP_GATEWAY_READS"
  stop_all
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores; $(java -version 2>&1 | head -1);"\
  "$(nginx -v 2>&1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "work dir: $WORK"
: >"$WORK/results"
if [ "$BACKEND" = notes ] || [ "$BACKEND" = both ]; then bench notes; fi
if [ "$BACKEND" = static ] || [ "$BACKEND" = both ]; then bench static; fi
if [ "$BACKEND" = notes ] || [ "$BACKEND" = both ]; then report notes; fi
if [ "$BACKEND" = static ] || [ "$BACKEND" = both ]; then report static; fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); wrk output in $WORK/wrk.log"
