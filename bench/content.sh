#!/usr/bin/env bash
# The FAQ page and the health check, each against a baseline measured in the same run:
#   1. first-load bytes on the wire (HTML + CSS + any JS/wasm, compressed as served) divided by
#      the same FAQ text as a plain static HTML file compressed the same way (target <= 3x);
#   2. requests/s for the FAQ from the portal divided by nginx serving the very same bytes from
#      disk, precompressed (`gzip_static`), both asked for gzip (target >= 0.5), and both
#      uncompressed (for comparison);
#   3. requests/s for GET /healthz divided by a bare axum handler answering the same JSON
#      (server/examples/bench_baseline.rs) (target >= 0.6);
# and the portal's resident memory once started and after the load.
source "$(dirname "$0")/lib.sh"
build_for_bench pages
ensure_nginx

start_portal PORTAL
rss_idle="$(rss_mib "$PORTAL_PID")"
FAQ="$PORTAL/faq/security-and-authorization"

# The first anonymous request renders the page and compresses it in the background; from then
# on it is served from memory.
for _ in $(seq 1 100); do
  curl -fs -o /dev/null -D - -H 'Accept-Encoding: gzip' "$FAQ" | grep -qi '^etag:' && break
  sleep 0.1
done

# The baseline files: the page exactly as the portal serves it (and its gzip, for nginx), and
# the bare FAQ text.
static="$WORK_DIR/static"
mkdir -p "$static"
curl -fs "$FAQ" >"$static/faq.html"
gzip -9 -n -k "$static/faq.html"
python3 - "$static/faq.html" "$static/faq-plain.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
title = re.search(r"<title>(.*?)</title>", page).group(1)
body = re.search(r'<div class="prose">(.*?)</div></div></article>', page, re.S).group(1)
open(sys.argv[2], "w", encoding="utf-8").write(
    f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>{body}</body></html>')
PY
start_baseline BASELINE "$static" 64
start_nginx NGINX "$static"
health_json="$(curl -fs "$PORTAL/healthz")"
bare_dir="$WORK_DIR/bare"
mkdir -p "$bare_dir"
start_baseline BARE "$bare_dir" "${#health_json}"

# 1. Bytes: every resource the page makes the browser load.
html_bytes="$(bytes_on_wire "$FAQ")"
assets=$(grep -oE '(href|src)="/pkg/[^"]+\.(css|js|wasm)"' "$static/faq.html" | sed -E 's/^(href|src)="//; s/"$//' | sort -u)
asset_bytes=0
for asset in $assets; do
  asset_bytes=$((asset_bytes + $(bytes_on_wire "$PORTAL$asset")))
done
portal_bytes=$((html_bytes + asset_bytes))
plain_bytes="$(bytes_on_wire "$BASELINE/faq-plain.html")"

# 2. and 3. Throughput, each pair back to back.
say "measuring requests/s (${BENCH_DURATION} each, ${BENCH_CONNECTIONS} connections, ${BENCH_THREADS} threads)"
nginx_gzip_rps="$(requests_per_second "$NGINX/faq.html" -H 'Accept-Encoding: gzip')"
portal_gzip_rps="$(requests_per_second "$FAQ" -H 'Accept-Encoding: gzip')"
nginx_plain_rps="$(requests_per_second "$NGINX/faq.html")"
portal_plain_rps="$(requests_per_second "$FAQ")"
portal_br_rps="$(requests_per_second "$FAQ" -H 'Accept-Encoding: br, gzip')"
bare_rps="$(requests_per_second "$BARE/json")"
health_rps="$(requests_per_second "$PORTAL/healthz")"
rss_after="$(rss_mib "$PORTAL_PID")"

printf '\nFAQ page first load (brotli as served)\n'
printf '  portal: %s bytes (HTML %s + CSS/JS/wasm %s)\n' "$portal_bytes" "$html_bytes" "$asset_bytes"
printf '  plain static HTML of the same text: %s bytes\n' "$plain_bytes"
printf '  ratio: %sx (target <= 3)\n' "$(ratio "$portal_bytes" "$plain_bytes")"
printf '\nFAQ page requests/s (%s bytes; gzip %s bytes)\n' "$(wc -c <"$static/faq.html")" "$(wc -c <"$static/faq.html.gz")"
printf '  gzip:          portal %s   nginx gzip_static %s   ratio %s (target >= 0.5)\n' \
  "$portal_gzip_rps" "$nginx_gzip_rps" "$(ratio "$portal_gzip_rps" "$nginx_gzip_rps")"
printf '  uncompressed:  portal %s   nginx %s   ratio %s\n' \
  "$portal_plain_rps" "$nginx_plain_rps" "$(ratio "$portal_plain_rps" "$nginx_plain_rps")"
printf '  brotli:        portal %s\n' "$portal_br_rps"
printf '\nGET /healthz requests/s\n'
printf '  portal: %s   bare axum handler: %s\n' "$health_rps" "$bare_rps"
printf '  ratio: %s (target >= 0.6)\n' "$(ratio "$health_rps" "$bare_rps")"
printf '\nportal resident memory: %s MiB idle, %s MiB after the load\n' "$rss_idle" "$rss_after"
