#!/usr/bin/env bash
# Issue 4's benchmarks, each against a trivial axum handler returning a JSON body of the same
# size, measured with the same load tool in the same run:
#   1. v2 token issuance requests/s (Basic auth, form body) / trivial (target >= 0.5);
#   2. authorized GET /claims/attachments/v1/status/{id} requests/s / trivial, with p50/p99;
# and the portal's resident memory once started and after the load; then issue 12's:
#   3. both of the above with the request log recording (the default) / with it off
#      (PORTAL_REQUEST_LOG=off), two portals measured alternately in the same run
#      (target >= 0.9 for both), with the records the recording one dropped.
source "$(dirname "$0")/lib.sh"
build_for_bench pages

# Limits far above what the benchmark sends: this measures the work, not the limiter's refusals.
export PORTAL_TOKEN_RATE_LIMIT="1000000000/min" PORTAL_TOKEN_IP_RATE_LIMIT="1000000000/min" \
  PORTAL_CLAIMS_RATE_LIMIT="1000000000/min"
metrics_port="$(free_port)"
PORTAL_METRICS_ADDR="127.0.0.1:$metrics_port" start_portal PORTAL
rss_idle="$(rss_mib "$PORTAL_PID")"
create_client "$PORTAL_DATA"
client_id="$CLIENT_ID" client_secret="$CLIENT_SECRET" basic="$BASIC"

token_json="$(curl -fs -H "Authorization: Basic $basic" -d grant_type=client_credentials "$PORTAL/apip/auth/v2/token")"
token="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["access_token"])' "$token_json")"
pdf="$(printf '%%PDF-1.4 bench' | base64 -w0)"
receipt="$(curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"claimReference\":\"BENCH-1\",\"attachmentType\":\"other\",\"fileName\":\"b.pdf\",\"contentType\":\"application/pdf\",\"document\":\"$pdf\"}" \
  "$PORTAL/claims/attachments/v1/submissions")"
attachment="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["attachmentId"])' "$receipt")"
status_json="$(curl -fs -H "Authorization: Bearer $token" "$PORTAL/claims/attachments/v1/status/$attachment")"

static="$WORK_DIR/static"
mkdir -p "$static"
start_baseline TOKEN_BASELINE "$static" "${#token_json}"
start_baseline STATUS_BASELINE "$static" "${#status_json}"

cat >"$WORK_DIR/token.lua" <<LUA
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $basic"
LUA

say "measuring (${BENCH_DURATION} each, ${BENCH_CONNECTIONS} connections)"
trivial_token_rps="$(requests_per_second "$TOKEN_BASELINE/json")"
token_rps="$(requests_per_second "$PORTAL/apip/auth/v2/token" -s "$WORK_DIR/token.lua")"
token_latency="$(latency_percentiles "$PORTAL/apip/auth/v2/token" -s "$WORK_DIR/token.lua")"
read -r token_p50 token_p99 <<<"$token_latency"
trivial_status_rps="$(requests_per_second "$STATUS_BASELINE/json")"
trivial_latency="$(latency_percentiles "$STATUS_BASELINE/json")"
read -r trivial_p50 trivial_p99 <<<"$trivial_latency"
status_rps="$(requests_per_second "$PORTAL/claims/attachments/v1/status/$attachment" -H "Authorization: Bearer $token")"
status_latency="$(latency_percentiles "$PORTAL/claims/attachments/v1/status/$attachment" -H "Authorization: Bearer $token")"
read -r status_p50 status_p99 <<<"$status_latency"
rss_after="$(rss_mib "$PORTAL_PID")"

printf '\nv2 token issuance (%s-byte answers)\n' "${#token_json}"
printf '  portal: %s req/s (p50 %s ms, p99 %s ms)   trivial handler: %s req/s\n' "$token_rps" "$token_p50" "$token_p99" "$trivial_token_rps"
printf '  ratio: %s (target >= 0.5)\n' "$(ratio "$token_rps" "$trivial_token_rps")"
printf '\nauthorized GET status (%s-byte answers)\n' "${#status_json}"
printf '  portal: %s req/s (p50 %s ms, p99 %s ms)\n' "$status_rps" "$status_p50" "$status_p99"
printf '  trivial handler: %s req/s (p50 %s ms, p99 %s ms)\n' "$trivial_status_rps" "$trivial_p50" "$trivial_p99"
printf '  ratio: %s\n' "$(ratio "$status_rps" "$trivial_status_rps")"
printf '\nportal resident memory: %s MiB idle, %s MiB after the load\n' "$rss_idle" "$rss_after"

# The request log: the same two measurements against a portal that does not record.
PORTAL_REQUEST_LOG=off start_portal PORTAL_OFF
create_client "$PORTAL_OFF_DATA"
basic_off="$BASIC"
token_off="$(curl -fs -H "Authorization: Basic $basic_off" -d grant_type=client_credentials "$PORTAL_OFF/apip/auth/v2/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
receipt_off="$(curl -fs -H "Authorization: Bearer $token_off" -H 'Content-Type: application/json' \
  -d "{\"claimReference\":\"BENCH-1\",\"attachmentType\":\"other\",\"fileName\":\"b.pdf\",\"contentType\":\"application/pdf\",\"document\":\"$pdf\"}" \
  "$PORTAL_OFF/claims/attachments/v1/submissions")"
attachment_off="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["attachmentId"])' "$receipt_off")"
sed "s|Basic $basic|Basic $basic_off|" "$WORK_DIR/token.lua" >"$WORK_DIR/token-off.lua"

say "measuring the request log: recording vs off, alternately (${BENCH_DURATION} each)"
# on, off, off, on: each side gets one early and one late slot, so drift on the shared
# machine weighs on both alike; each side's figure is the mean of its two runs.
mean() { python3 -c "import sys; print(f'{(float(sys.argv[1]) + float(sys.argv[2])) / 2:.0f}')" "$1" "$2"; }
token_on_1="$(requests_per_second "$PORTAL/apip/auth/v2/token" -s "$WORK_DIR/token.lua")"
token_off_1="$(requests_per_second "$PORTAL_OFF/apip/auth/v2/token" -s "$WORK_DIR/token-off.lua")"
token_off_2="$(requests_per_second "$PORTAL_OFF/apip/auth/v2/token" -s "$WORK_DIR/token-off.lua")"
token_on_2="$(requests_per_second "$PORTAL/apip/auth/v2/token" -s "$WORK_DIR/token.lua")"
status_on_1="$(requests_per_second "$PORTAL/claims/attachments/v1/status/$attachment" -H "Authorization: Bearer $token")"
status_off_1="$(requests_per_second "$PORTAL_OFF/claims/attachments/v1/status/$attachment_off" -H "Authorization: Bearer $token_off")"
status_off_2="$(requests_per_second "$PORTAL_OFF/claims/attachments/v1/status/$attachment_off" -H "Authorization: Bearer $token_off")"
status_on_2="$(requests_per_second "$PORTAL/claims/attachments/v1/status/$attachment" -H "Authorization: Bearer $token")"
token_on="$(mean "$token_on_1" "$token_on_2")" token_off="$(mean "$token_off_1" "$token_off_2")"
status_on="$(mean "$status_on_1" "$status_on_2")" status_off="$(mean "$status_off_1" "$status_off_2")"
dropped="$(curl -fs "http://127.0.0.1:$metrics_port/metrics" | awk '/^portal_request_log_dropped_total/ {print $2}')"
stored="$(sqlite3 "$PORTAL_DATA/portal.db" 'SELECT COUNT(*) FROM request_log' 2>/dev/null || echo '?')"

printf '\nrequest log: recording vs off (mean of two runs each, alternated)\n'
printf '  v2 token:          %s vs %s req/s, ratio %s (target >= 0.9)\n' "$token_on" "$token_off" "$(ratio "$token_on" "$token_off")"
printf '  authorized status: %s vs %s req/s, ratio %s (target >= 0.9)\n' "$status_on" "$status_off" "$(ratio "$status_on" "$status_off")"
printf '  records dropped by the full queue: %s; records kept (at most 10000 per app): %s\n' "${dropped:-0}" "$stored"
