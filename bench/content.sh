#!/usr/bin/env bash
# Issue 3's benchmarks for the FAQ page, each against a baseline measured in the same run:
#   1. first-load bytes on the wire (HTML + CSS + any JS/wasm, compressed as served) divided by
#      the same FAQ text as a plain static HTML file compressed the same way (target <= 3x);
#   2. requests/s for the FAQ from the portal divided by the same page served as a static file
#      by a plain static server (axum serving the file from memory behind the same
#      tower-http compression layer; server/examples/bench_baseline.rs) (target >= 0.6).
source "$(dirname "$0")/lib.sh"
build_for_bench

start_portal PORTAL
FAQ="$PORTAL/faq/security-and-authorization"

# The baseline files: the page exactly as the portal renders it, and the bare FAQ text.
static="$WORK_DIR/static"
mkdir -p "$static"
curl -fs "$FAQ" >"$static/faq.html"
python3 - "$static/faq.html" "$static/faq-plain.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
title = re.search(r"<title>(.*?)</title>", page).group(1)
body = re.search(r'<div class="prose">(.*?)</div></div></article>', page, re.S).group(1)
open(sys.argv[2], "w", encoding="utf-8").write(
    f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>{body}</body></html>')
PY
start_baseline BASELINE "$static" 64

# 1. Bytes: every resource the page makes the browser load.
html_bytes="$(bytes_on_wire "$FAQ")"
assets=$(grep -oE '(href|src)="/pkg/[^"]+\.(css|js|wasm)"' "$static/faq.html" | sed -E 's/^(href|src)="//; s/"$//' | sort -u)
asset_bytes=0
for asset in $assets; do
  asset_bytes=$((asset_bytes + $(bytes_on_wire "$PORTAL$asset")))
done
portal_bytes=$((html_bytes + asset_bytes))
plain_bytes="$(bytes_on_wire "$BASELINE/faq-plain.html")"

# 2. Throughput, both compressing with brotli as a browser would ask.
say "measuring requests/s (${BENCH_DURATION} each, ${BENCH_CONNECTIONS} connections)"
static_rps="$(requests_per_second "$BASELINE/faq.html" -H 'Accept-Encoding: br, gzip')"
portal_rps="$(requests_per_second "$FAQ" -H 'Accept-Encoding: br, gzip')"

printf '\nFAQ page first load (brotli as served)\n'
printf '  portal: %s bytes (HTML %s + CSS/JS/wasm %s)\n' "$portal_bytes" "$html_bytes" "$asset_bytes"
printf '  plain static HTML of the same text: %s bytes\n' "$plain_bytes"
printf '  ratio: %sx (target <= 3)\n' "$(ratio "$portal_bytes" "$plain_bytes")"
printf '\nFAQ page requests/s\n'
printf '  portal: %s   static file (in-memory, same compression): %s\n' "$portal_rps" "$static_rps"
printf '  ratio: %s (target >= 0.6)\n' "$(ratio "$portal_rps" "$static_rps")"
