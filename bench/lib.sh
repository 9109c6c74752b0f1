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

# Builds the release portal, the baseline server and the site once.
build_for_bench() {
  ensure_wrk
  "$REPO_ROOT/scripts/build-site" >/dev/null
  say "building the release portal and the baseline server"
  (cd "$REPO_ROOT" && cargo build --quiet --release -p server --bin portal --example bench_baseline)
}

# start_portal VAR: starts the release portal on a free port; sets VAR to its base URL.
start_portal() {
  local port data
  port="$(free_port)"
  data="$(mktemp -d -p "$WORK_DIR")"
  PORTAL_ADDR="127.0.0.1:$port" PORTAL_DATA_DIR="$data" PORTAL_LOG=warn \
    PORTAL_CONTENT_DIR="$REPO_ROOT/content" PORTAL_SITE_DIR="$SITE_DIR" \
    "$TARGET_DIR/release/portal" serve >"$WORK_DIR/portal-$port.log" 2>&1 &
  PIDS+=($!)
  printf -v "$1" 'http://127.0.0.1:%s' "$port"
  wait_for "${!1}/healthz"
}

# start_baseline VAR STATIC_DIR JSON_BYTES: starts the baseline server; sets VAR to its URL.
start_baseline() {
  local port
  port="$(free_port)"
  "$TARGET_DIR/release/examples/bench_baseline" "127.0.0.1:$port" "$2" "$3" &
  PIDS+=($!)
  printf -v "$1" 'http://127.0.0.1:%s' "$port"
  wait_for "${!1}/json"
}

# create_client: creates a sandbox client in the portal's data folder; sets CLIENT_ID,
# CLIENT_SECRET and BASIC (the HTTP Basic credentials).
create_client() {
  local data creds
  data="$(ls -d "$WORK_DIR"/tmp.* | head -1)"
  creds="$(PORTAL_DATA_DIR="$data" "$TARGET_DIR/release/portal" client create --name bench --json)"
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
