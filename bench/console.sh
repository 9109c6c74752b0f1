#!/usr/bin/env bash
# Issue 6's benchmarks:
#   1. a token request through the console (POST /try-it/token, which calls the token endpoint
#      from the server and records the exchange in the session) against the same token request
#      sent directly to /apip/auth/v2/token: added latency at p50 and p99 (target p50 <= 2 ms);
#   2. /try-it's first-load bytes on the wire (HTML + CSS + JS + wasm, compressed as served)
#      against Swagger UI (npm swagger-ui-dist) loading the portal's own /openapi.json, served
#      in the same run with the same compression (targets: <= 140 KiB, <= 1/4 of Swagger UI).
source "$(dirname "$0")/lib.sh"
build_for_bench

export PORTAL_TOKEN_RATE_LIMIT="1000000000/min" PORTAL_TOKEN_IP_RATE_LIMIT="1000000000/min"
export PORTAL_CONSOLE_RATE_LIMIT="1000000000/min"
start_portal PORTAL
create_client
client_id="$CLIENT_ID" client_secret="$CLIENT_SECRET" basic="$BASIC"

# A console session: its cookie and CSRF token.
jar="$WORK_DIR/cookies"
page="$(curl -fs -c "$jar" "$PORTAL/try-it")"
csrf="$(printf '%s' "$page" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')"
cookie="$(awk '$6 ~ /portal_session/ {print $6 "=" $7}' "$jar")"

cat >"$WORK_DIR/direct.lua" <<LUA
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $basic"
LUA
cat >"$WORK_DIR/console.lua" <<LUA
wrk.method = "POST"
wrk.body = "csrf_token=$csrf&environment=sandbox&api=v2&credentials=paste&client_id=$client_id&client_secret=$client_secret"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "text/html"
wrk.headers["Cookie"] = "$cookie"
LUA
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H 'Accept: text/html' --data-binary "@-" \
  -H 'Content-Type: application/x-www-form-urlencoded' "$PORTAL/try-it/token" < <(printf '%s' "csrf_token=$csrf&environment=sandbox&api=v2&credentials=paste&client_id=$client_id&client_secret=$client_secret"))"
[ "$status" = 303 ] || die "the console token request answered $status, not 303"

# One connection at a time: latency, not throughput, is measured.
say "measuring latency (${BENCH_DURATION} each, 1 connection)"
direct="$(BENCH_CONNECTIONS=1 BENCH_THREADS=1 latency_percentiles "$PORTAL/apip/auth/v2/token" -s "$WORK_DIR/direct.lua")"
console="$(BENCH_CONNECTIONS=1 BENCH_THREADS=1 latency_percentiles "$PORTAL/try-it/token" -s "$WORK_DIR/console.lua")"
read -r direct_p50 direct_p99 <<<"$direct"
read -r console_p50 console_p99 <<<"$console"

# First load of /try-it: the page and everything it makes the browser fetch.
html="$WORK_DIR/try-it.html"
curl -fs -b "$jar" "$PORTAL/try-it" -o "$html"
html_bytes="$(curl -s -b "$jar" -o /dev/null -H 'Accept-Encoding: br, gzip' -w '%{size_download}' "$PORTAL/try-it")"
asset_bytes=0
for asset in $(grep -oE '"/pkg/[^"]+\.(css|js|wasm)"' "$html" | tr -d '"' | sort -u); do
  asset_bytes=$((asset_bytes + $(bytes_on_wire "$PORTAL$asset")))
done
total=$((html_bytes + asset_bytes))

# The same three operations in Swagger UI: its distribution page, loading our /openapi.json.
ensure_node_modules "$REPO_ROOT/bench"
swagger="$WORK_DIR/swagger"
mkdir -p "$swagger"
swagger_files="index.html swagger-ui.css index.css swagger-ui-bundle.js swagger-ui-standalone-preset.js"
for file in $swagger_files; do cp "$REPO_ROOT/bench/node_modules/swagger-ui-dist/$file" "$swagger/"; done
sed 's|url: "[^"]*"|url: "openapi.json"|' "$REPO_ROOT/bench/node_modules/swagger-ui-dist/swagger-initializer.js" \
  >"$swagger/swagger-initializer.js"
curl -fs "$PORTAL/openapi.json" -o "$swagger/openapi.json"
start_baseline SWAGGER "$swagger" 64
swagger_bytes=0
for file in $swagger_files swagger-initializer.js openapi.json; do
  swagger_bytes=$((swagger_bytes + $(bytes_on_wire "$SWAGGER/$file")))
done

py() { python3 -c "print(f'{$1:.3f}')"; }
printf '\nToken request: console (server function + session) vs direct\n'
printf '  direct:  p50 %s ms, p99 %s ms\n' "$direct_p50" "$direct_p99"
printf '  console: p50 %s ms, p99 %s ms\n' "$console_p50" "$console_p99"
printf '  added:   p50 %s ms (target <= 2), p99 %s ms\n' "$(py "$console_p50 - $direct_p50")" "$(py "$console_p99 - $direct_p99")"
printf '  ratio console/direct: p50 %sx, p99 %sx\n' "$(ratio "$console_p50" "$direct_p50")" "$(ratio "$console_p99" "$direct_p99")"
printf '\n/try-it first load (compressed as served)\n'
printf '  HTML %s + CSS/JS/wasm %s = %s bytes (%s KiB; target <= 140 KiB)\n' "$html_bytes" "$asset_bytes" "$total" "$(py "$total / 1024")"
printf '  Swagger UI with the same operations: %s bytes (%s KiB)\n' "$swagger_bytes" "$(py "$swagger_bytes / 1024")"
printf '  ratio to Swagger UI: %s (target <= 0.25)\n' "$(py "$total / $swagger_bytes")"
