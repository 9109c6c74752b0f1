#!/usr/bin/env bash
# The developer's first minute (sign up → v2 token → submit → status, bench/journey.mjs) by
# BENCH_DEVELOPERS simulated developers at once, through nginx, in front of one instance and
# then two, every instance on the same PostgreSQL and Redis (the shared services of the test
# machine, in a database of the benchmark's own). Prints throughput, p50/p99 and errors for
# each, and the ratio two/one. On a 2-core machine two instances share the same two cores, so
# they cannot be faster: the figure says what a second instance costs or gains here.
source "$(dirname "$0")/lib.sh"

BENCH_DEVELOPERS="${BENCH_DEVELOPERS:-8}"
DATABASE_ADMIN_URL="${PORTAL_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_URL="${PORTAL_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
KEY="$(head -c 32 /dev/urandom | base64)"
SECONDS_TO_RUN="${BENCH_DURATION%s}"

ensure_nginx
command -v psql >/dev/null || apt_install postgresql-client
say "building the release portal"
(cd "$REPO_ROOT" && cargo build --quiet --release -p server --bin portal)

# A database of the benchmark's own, dropped at the end.
DATABASE="bench_scale_$$"
psql -q "$DATABASE_ADMIN_URL" -c "CREATE DATABASE $DATABASE" >/dev/null
DATABASE_URL="${DATABASE_ADMIN_URL%/*}/$DATABASE"
drop_database() { psql -q "$DATABASE_ADMIN_URL" -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true; }
trap 'cleanup; drop_database' EXIT

SITE_DIR="$WORK_DIR/site"
mkdir -p "$SITE_DIR/pkg"
cp -R "$REPO_ROOT/public/." "$SITE_DIR/"
cp "$REPO_ROOT/style/portal.css" "$SITE_DIR/pkg/portal.css"

# start_instance PORT: one portal instance configured as deploy/portal.env.example says.
start_instance() {
  local data
  data="$(mktemp -d -p "$WORK_DIR")"
  PORTAL_ADDR="127.0.0.1:$1" PORTAL_DATA_DIR="$data" PORTAL_LOG=warn \
    PORTAL_CONTENT_DIR="$REPO_ROOT/content" PORTAL_SITE_DIR="$SITE_DIR" \
    PORTAL_DATABASE_URL="$DATABASE_URL" PORTAL_REDIS_URL="$REDIS_URL" PORTAL_SECRET_KEY="$KEY" \
    PORTAL_PUBLIC_URL="$BALANCER_URL" PORTAL_TRUSTED_PROXIES=127.0.0.1/32 \
    PORTAL_SIGNUP_RATE_LIMIT=1000000/hour PORTAL_TOKEN_RATE_LIMIT=1000000/min \
    PORTAL_TOKEN_IP_RATE_LIMIT=1000000/min PORTAL_CLAIMS_RATE_LIMIT=1000000/min \
    "$TARGET_DIR/release/portal" serve >"$WORK_DIR/portal-$1.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$1/readyz"
}

# start_balancer PORT INSTANCE_PORT...: nginx with deploy/nginx.conf's upstream and proxy
# settings, over plain HTTP (TLS costs the same for one instance or two).
start_balancer() {
  local port="$1" dir servers=""
  shift
  for instance in "$@"; do servers+="    server 127.0.0.1:$instance max_fails=1 fail_timeout=5s;"$'\n'; done
  dir="$(mktemp -d -p "$WORK_DIR")"
  cat >"$dir/nginx.conf" <<NGINX
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream portal {
    zone portal_instances 64k;
$servers  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_503;
      proxy_next_upstream_tries 2;
    }
  }
}
NGINX
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' &
  PIDS+=($!)
}

# run_topology NAME INSTANCES: starts the balancer and instances, runs the journeys, stops them.
run_topology() {
  local name="$1" count="$2" ports=() port
  local first_pid_index=${#PIDS[@]}
  BALANCER_PORT="$(free_port)"
  BALANCER_URL="http://127.0.0.1:$BALANCER_PORT"
  for _ in $(seq 1 "$count"); do
    port="$(free_port)"
    ports+=("$port")
    start_instance "$port"
  done
  start_balancer "$BALANCER_PORT" "${ports[@]}"
  wait_for "$BALANCER_URL/readyz"
  say "$name: $BENCH_DEVELOPERS developers for ${SECONDS_TO_RUN}s"
  node "$REPO_ROOT/bench/journey.mjs" "$BALANCER_URL" "$BENCH_DEVELOPERS" "$SECONDS_TO_RUN" >"$WORK_DIR/$name.json"
  for pid in "${PIDS[@]:$first_pid_index}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

run_topology one 1
run_topology two 2

python3 - "$WORK_DIR/one.json" "$WORK_DIR/two.json" <<'PY'
import json, sys
one, two = (json.load(open(path)) for path in sys.argv[1:3])
def row(name, r):
    per_s = r["journeys"] / r["seconds"]
    print(f"| {name} | {per_s:.1f} | {r['requests'] / r['seconds']:.0f} | {r['journey']['p50']} / {r['journey']['p99']} | "
          f"{r['sign_up']['p50']} / {r['sign_up']['p99']} | {r['token']['p50']} / {r['token']['p99']} | {r['errors']} |")
    return per_s
print("| topology | journeys/s | requests/s | journey p50/p99 ms | sign-up p50/p99 | token p50/p99 | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
a = row("nginx + 1 instance", one)
b = row("nginx + 2 instances", two)
print(f"\nthroughput ratio, two instances / one: {b / a:.2f}")
for name, r in (("one", one), ("two", two)):
    if r["errors"]:
        print(f"errors with {name}: {r['first_errors']}")
PY
