# Shared helpers for the benchmarks. Source it; do not run it.
# Every benchmark measures the portal and a baseline in the same run and prints ratios: the
# machines are shared and noisy, so absolute times mean little.

source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

BENCH_DURATION="${BENCH_DURATION:-10s}"
BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-16}"
BENCH_THREADS="${BENCH_THREADS:-2}"
WORK_DIR="$(mktemp -d)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT

ensure_wrk() {
  command -v wrk >/dev/null || apt_install wrk
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {
  local url="$1"
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.1
  done
  die "nothing answered at $url"
}

# build_for_bench [pages]: builds the release portal, the baseline server and the site once.
# With `pages`, a machine without the wasm toolchain serves the stylesheet and public files
# only, which is everything a content page loads (the sandbox and content benchmarks need no
# more); without it, the whole site is built (scripts/build-site sets the toolchain up).
build_for_bench() {
  ensure_wrk
  if [ "${1:-}" = pages ] && ! has_wasm_toolchain; then
    say "no wasm toolchain here: serving the stylesheet and public files only"
    SITE_DIR="$WORK_DIR/site"
    mkdir -p "$SITE_DIR/pkg"
    cp -R "$REPO_ROOT/public/." "$SITE_DIR/"
    cp "$REPO_ROOT/style/portal.css" "$SITE_DIR/pkg/portal.css"
    node "$REPO_ROOT/scripts/lib/precompress.mjs" "$SITE_DIR/pkg"
  else
    "$REPO_ROOT/scripts/build-site" >/dev/null
  fi
  if [ -n "${BENCH_BIN_DIR:-}" ]; then
    say "using the portal and baseline server in $BENCH_BIN_DIR"
    return
  fi
  say "building the release portal and the baseline server"
  (cd "$REPO_ROOT" && cargo build --quiet --release -p server --bin portal --example bench_baseline)
}

# The binaries measured: the release build, or those in BENCH_BIN_DIR (`portal` and
# `bench_baseline`, to compare two builds on the same machine).
portal_bin() { printf '%s' "${BENCH_BIN_DIR:-$TARGET_DIR/release}/portal"; }
baseline_bin() { printf '%s' "${BENCH_BIN_DIR:-$TARGET_DIR/release/examples}/bench_baseline"; }

has_wasm_toolchain() {
  command -v wasm-bindgen >/dev/null && command -v wasm-opt >/dev/null \
    && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

ensure_nginx() {
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || apt_install nginx
}

# start_nginx VAR ROOT: serves the files of ROOT with nginx (its precompressed `.gz` siblings
# for clients that accept gzip: gzip_static) on a free loopback port, in the foreground as a
# child of this script, with its configuration and logs in a folder of its own; sets VAR to
# its base URL.
start_nginx() {
  local port dir
  port="$(free_port)"
  dir="$(mktemp -d -p "$WORK_DIR")"
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<NGINX
user $(id -un) $(id -gn);
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  types { text/html html; text/css css; application/json json; }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  gzip off;
  gzip_static on;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port;
    root $2;
  }
}
NGINX
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -g 'daemon off;' &
  PIDS+=($!)
  printf -v "$1" 'http://127.0.0.1:%s' "$port"
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "${!1}/" && return 0
    sleep 0.1
  done
  die "nginx did not start (see $dir/logs/error.log)"
}

# start_portal VAR: starts the release portal on a free port; sets VAR to its base URL and
# VAR_PID to its process id.
start_portal() {
  local port data
  port="$(free_port)"
  data="$(mktemp -d -p "$WORK_DIR")"
  PORTAL_ADDR="127.0.0.1:$port" PORTAL_DATA_DIR="$data" PORTAL_LOG=warn \
    PORTAL_CONTENT_DIR="$REPO_ROOT/content" PORTAL_SITE_DIR="$SITE_DIR" \
    "$(portal_bin)" serve >"$WORK_DIR/portal-$port.log" 2>&1 &
  PIDS+=($!)
  printf -v "$1_PID" '%s' "$!"
  printf -v "$1_DATA" '%s' "$data"
  printf -v "$1" 'http://127.0.0.1:%s' "$port"
  wait_for "${!1}/healthz"
}

# rss_mib PID: the resident memory of a process, in MiB, once it has settled for a moment.
rss_mib() {
  sleep "${2:-2}"
  awk '/^VmRSS:/ {printf "%.1f\n", $2 / 1024}' "/proc/$1/status"
}

# start_baseline VAR STATIC_DIR JSON_BYTES: starts the baseline server; sets VAR to its URL.
start_baseline() {
  local port
  port="$(free_port)"
  "$(baseline_bin)" "127.0.0.1:$port" "$2" "$3" &
  PIDS+=($!)
  printf -v "$1" 'http://127.0.0.1:%s' "$port"
  wait_for "${!1}/json"
}

# create_client [DATA_DIR]: creates a sandbox client in a portal's data folder (the first
# portal's by default); sets CLIENT_ID, CLIENT_SECRET and BASIC (the HTTP Basic credentials).
create_client() {
  local data creds
  data="${1:-$(ls -d "$WORK_DIR"/tmp.* | head -1)}"
  creds="$(PORTAL_DATA_DIR="$data" "$(portal_bin)" client create --name bench --json)"
  CLIENT_ID="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_id"])' "$creds")"
  CLIENT_SECRET="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_secret"])' "$creds")"
  BASIC="$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
}

# wrk_run URL [wrk args...]: runs wrk and prints its report; stops the benchmark when any
# answer was not a success, so a refused or rate-limited run is never reported as throughput.
wrk_run() {
  local url="$1" report
  shift
  report="$(wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$BENCH_DURATION" "$@" "$url")"
  if grep -q 'Non-2xx or 3xx responses' <<<"$report"; then
    die "$url answered errors under load: $(grep 'Non-2xx or 3xx responses' <<<"$report")"
  fi
  printf '%s\n' "$report"
}

# requests_per_second URL [wrk args...]: prints the mean requests/s of a wrk run.
requests_per_second() {
  wrk_run "$@" | awk '/^Requests\/sec:/ {print $2}'
}

# latency_percentiles URL [wrk args...]: prints "p50 p99" in milliseconds.
latency_percentiles() {
  wrk_run "$@" --latency \
    | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        END { printf "%.3f %.3f\n", p50, p99 }'
}

# bytes_on_wire URL: the size of the response body as sent with brotli allowed.
bytes_on_wire() {
  curl -s -o /dev/null -H 'Accept-Encoding: br, gzip' -w '%{size_download}' "$1"
}

ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{a / b:.2f}' if b else 'inf')" "$1" "$2"; }
