#!/usr/bin/env bash
# Issue 10's benchmark: GitHub's REST API description (npm @octokit/openapi, 13 MB, ~1,200
# operations) as a catalogue entry, against the portal without it and against its peers, all
# measured in the same run:
#   1. start-up time and resident memory with it, minus the same without it
#      (targets: <= 3 s more, <= 200 MiB more);
#   2. first-load bytes on the wire (HTML + CSS + JS + wasm, brotli as served) of the catalogue,
#      the overview and a large operation page (target: each <= 60 KiB, none needing JS);
#   3. the same document in Swagger UI and Redoc (npm packages served as static files behind
#      the same compression): their first-load bytes (the document included, since they fetch
#      it), and for all three the time until the operation's summary is visible in Chromium.
source "$(dirname "$0")/lib.sh"
build_for_bench
ensure_chromium
ensure_node_modules "$REPO_ROOT/bench"

BENCH_MODULES="$REPO_ROOT/bench/node_modules"
GITHUB_DOCUMENT="$BENCH_MODULES/@octokit/openapi/generated/api.github.com.json"
OPERATION="repos-create-or-update-file-contents"
SUMMARY="Create or update file contents"
STARTS="${STARTS:-3}"
[ -f "$GITHUB_DOCUMENT" ] || die "no $GITHUB_DOCUMENT: npm --prefix bench ci"

# Redoc's package does not install (one of its own dependencies has no published version), so
# its prebuilt standalone bundle is taken from the package archive itself.
redoc_bundle="$HOME/.cache/portal-bench/redoc-3.0.1/package/bundles/redoc.standalone.js"
if [ ! -f "$redoc_bundle" ]; then
  say "fetching Redoc 3.0.1's standalone bundle (npm pack)"
  mkdir -p "$HOME/.cache/portal-bench/redoc-3.0.1"
  (cd "$HOME/.cache/portal-bench/redoc-3.0.1" && npm pack --silent redoc@3.0.1 >/dev/null && tar xzf redoc-3.0.1.tgz)
fi

# The two content folders: the repository's, and the same with GitHub's API added.
plain_content="$REPO_ROOT/content"
github_content="$WORK_DIR/content-github"
mkdir -p "$github_content/apis/github"
cp -R "$REPO_ROOT/content/." "$github_content/"
cp "$GITHUB_DOCUMENT" "$github_content/apis/github/openapi.json"

# start_timed CONTENT: starts the release portal on CONTENT; prints "seconds-to-healthz rss-kib url pid".
start_timed() {
  local port data started pid
  port="$(free_port)"
  data="$(mktemp -d -p "$WORK_DIR")"
  started="$(date +%s.%N)"
  PORTAL_ADDR="127.0.0.1:$port" PORTAL_DATA_DIR="$data" PORTAL_LOG=warn \
    PORTAL_CONTENT_DIR="$1" PORTAL_SITE_DIR="$SITE_DIR" \
    "$TARGET_DIR/release/portal" serve >"$WORK_DIR/portal-$port.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "$pid" 2>/dev/null || die "the portal stopped: $(cat "$WORK_DIR/portal-$port.log")"
    sleep 0.02
  done
  local elapsed rss
  elapsed="$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$started" "$(date +%s.%N)")"
  rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")"
  printf '%s %s http://127.0.0.1:%s %s\n' "$elapsed" "$rss" "$port" "$pid"
}

median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }

say "starting the portal ${STARTS} times without and with GitHub's API"
declare -a plain_times plain_rss github_times github_rss
for _ in $(seq 1 "$STARTS"); do
  read -r seconds rss _ pid < <(start_timed "$plain_content")
  plain_times+=("$seconds"); plain_rss+=("$rss"); kill "$pid"
  read -r seconds rss url pid < <(start_timed "$github_content")
  github_times+=("$seconds"); github_rss+=("$rss")
  PORTAL="$url"; PORTAL_PID="$pid"
done

# first_load URL: bytes on the wire for the page and every CSS/JS/wasm file it loads.
first_load() {
  local page="$WORK_DIR/page.html" total assets
  curl -fs "$1" >"$page"
  total="$(bytes_on_wire "$1")"
  assets=$(grep -oE '(href|src)="/pkg/[^"]+\.(css|js|wasm)"' "$page" | sed -E 's/^(href|src)="//; s/"$//' | sort -u)
  for asset in $assets; do total=$((total + $(bytes_on_wire "$PORTAL$asset"))); done
  printf '%s %s\n' "$total" "$(grep -c 'portal.wasm' "$page" || true)"
}

# The peers, as static files behind the same compression layer as the baseline server.
peers="$WORK_DIR/peers"
mkdir -p "$peers"
cp "$GITHUB_DOCUMENT" "$peers/github.json"
cp "$BENCH_MODULES/swagger-ui-dist/swagger-ui.css" "$BENCH_MODULES/swagger-ui-dist/swagger-ui-bundle.js" "$peers/"
cp "$redoc_bundle" "$peers/redoc.standalone.js"
cat >"$peers/swagger.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>GitHub REST API</title>
<link rel="stylesheet" href="swagger-ui.css"></head><body><div id="swagger-ui"></div>
<script src="swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "github.json", dom_id: "#swagger-ui", deepLinking: true });</script></body></html>
HTML
cat >"$peers/redoc.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>GitHub REST API</title></head>
<body><redoc spec-url="github.json"></redoc><script type="module" src="redoc.standalone.js"></script></body></html>
HTML
start_baseline PEERS "$peers" 16
peer_bytes() {
  local total=0 file
  for file in "$@"; do total=$((total + $(bytes_on_wire "$PEERS/$file"))); done
  printf '%s\n' "$total"
}
swagger_bytes="$(peer_bytes swagger.html swagger-ui.css swagger-ui-bundle.js github.json)"
swagger_js="$(peer_bytes swagger-ui-bundle.js)"
redoc_bytes="$(peer_bytes redoc.html redoc.standalone.js github.json)"
redoc_js="$(peer_bytes redoc.standalone.js)"

read -r catalogue_bytes catalogue_js < <(first_load "$PORTAL/apis")
read -r overview_bytes overview_js < <(first_load "$PORTAL/apis/github")
read -r operation_bytes operation_js < <(first_load "$PORTAL/apis/github/$OPERATION")

say "timing the first visible operation summary in Chromium (median of ${RUNS:-3})"
visible="$(cd "$REPO_ROOT/bench" && node first-visible.mjs "$SUMMARY" \
  "$PORTAL/apis/github/$OPERATION" \
  "$PEERS/swagger.html#/repos/repos/create-or-update-file-contents" \
  "$PEERS/redoc.html#tag/repos/operation/repos/create-or-update-file-contents")"
# ms_of PART: the time of the URL containing PART ("none" when nothing showed in time).
ms_of() { python3 -c "import json, sys; print(next((json.loads(l)['ms'] or 'none') for l in sys.argv[2].splitlines() if sys.argv[1] in json.loads(l)['url']))" "$1" "$visible"; }
portal_ms="$(ms_of "/$OPERATION")"
swagger_ms="$(ms_of swagger.html)"
redoc_ms="$(ms_of redoc.html)"

kib() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1024:.1f} KiB')" "$1"; }
start_plain="$(median "${plain_times[@]}")"
start_github="$(median "${github_times[@]}")"
rss_plain="$(median "${plain_rss[@]}")"
rss_github="$(median "${github_rss[@]}")"

printf '\nGitHub REST API (%s operations) as a catalogue entry, release build\n' \
  "$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for p in d['paths'].values() for m in p if m in ('get','put','post','delete','patch','head','options','trace')))" "$GITHUB_DOCUMENT")"
printf '  start-up to /healthz: %s s with it, %s s without: +%s s (target <= 3)\n' "$start_github" "$start_plain" \
  "$(python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.2f}')" "$start_github" "$start_plain")"
mib() { python3 -c "import sys; print(f'{float(sys.argv[1]) / 1024:.1f} MiB')" "$1"; }
printf '  resident memory after start: %s without, %s with: +%s (target <= 200 MiB)\n' \
  "$(mib "$rss_plain")" "$(mib "$rss_github")" \
  "$(python3 -c "import sys; print(f'{(float(sys.argv[1]) - float(sys.argv[2])) / 1024:.1f} MiB')" "$rss_github" "$rss_plain")"
printf '\nFirst-load bytes on the wire (brotli as served; target <= 60 KiB each)\n'
printf '  /apis:                       %s (wasm bundle loaded: %s)\n' "$(kib "$catalogue_bytes")" "$([ "$catalogue_js" -gt 0 ] && echo yes || echo no)"
printf '  /apis/github:                %s (wasm bundle loaded: %s)\n' "$(kib "$overview_bytes")" "$([ "$overview_js" -gt 0 ] && echo yes || echo no)"
printf '  /apis/github/%s: %s (with the optional enhancer: %s)\n' "$OPERATION" "$(kib "$operation_bytes")" "$([ "$operation_js" -gt 0 ] && echo yes || echo no)"
printf '  Swagger UI 5.35.0: %s (of which JavaScript %s) = %sx the portal'"'"'s operation page\n' \
  "$(kib "$swagger_bytes")" "$(kib "$swagger_js")" "$(ratio "$swagger_bytes" "$operation_bytes")"
printf '  Redoc 3.0.1:       %s (of which JavaScript %s) = %sx\n' \
  "$(kib "$redoc_bytes")" "$(kib "$redoc_js")" "$(ratio "$redoc_bytes" "$operation_bytes")"
printf '\nTime until "%s" is visible in Chromium (median)\n' "$SUMMARY"
times_ratio() { if [ "$1" = none ]; then echo "nothing within ${TIMEOUT_MS:-180000} ms"; else echo "$(ratio "$1" "$2")x"; fi; }
shown_ms() { if [ "$1" = none ]; then echo "not shown"; else echo "$1 ms"; fi; }
printf '  portal: %s   Swagger UI: %s (%s)   Redoc: %s (%s)\n' "$(shown_ms "$portal_ms")" \
  "$(shown_ms "$swagger_ms")" "$(times_ratio "$swagger_ms" "$portal_ms")" \
  "$(shown_ms "$redoc_ms")" "$(times_ratio "$redoc_ms" "$portal_ms")"
