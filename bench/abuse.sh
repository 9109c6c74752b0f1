#!/usr/bin/env bash
# Issue 9's abuse benchmark, one run, each figure beside its baseline from the same run:
#   1. memory: the portal's RSS idle, after 100,000 wrong-secret token requests for ONE client
#      id (the baseline), after 100,000 more with a DISTINCT client id each, from 200 loopback
#      addresses, and after another 100,000 distinct — the rate-limit store stays bounded (32 MiB cap);
#   2. slow connections: a legitimate request's median latency with no load, and while 2,000
#      slowloris connections (a header byte a second, from 20 addresses) are open;
#   3. lockout: a client owner's token success rate while an attacker hammers its client id
#      with wrong secrets from another address, and alone.
# The portal runs with its default limits (they are what is being measured).
source "$(dirname "$0")/lib.sh"
build_for_bench
# 2,000 slow connections on each side need more than the default 1,024 descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

start_portal PORTAL
pid="${PIDS[-1]}"
rss_mib() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
load() { python3 "$REPO_ROOT/bench/abuse.py" "$@"; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

say "1. memory under a flood of token requests (100,000 with one id, then 100,000 distinct)"
rss_idle="$(rss_mib)"
same="$(load flood "$PORTAL" 100000 200 same)"
rss_same="$(rss_mib)"
distinct="$(load flood "$PORTAL" 100000 200 distinct)"
rss_distinct="$(rss_mib)"
# 100,000 more distinct ids: past the cap, memory must stay where it is.
load flood "$PORTAL" 100000 200 distinct >/dev/null
rss_distinct_more="$(rss_mib)"

say "2. a legitimate request while 2,000 slow connections are open"
slow="$(load slow "$PORTAL" 2000 20 15)"

say "3. the owner of a client id while an attacker hammers it"
create_client
victim="$(load victim "$PORTAL" "$CLIENT_ID" "$CLIENT_SECRET" 10)"

grow_same="$(python3 -c "print(f'{$rss_same - $rss_idle:.1f}')")"
grow_distinct="$(python3 -c "print(f'{$rss_distinct - $rss_same:.1f}')")"
printf '\n1. RSS: idle %s MiB; after 100,000 requests for one client id %s MiB (+%s); after 100,000 with distinct ids %s MiB (+%s)\n' \
  "$rss_idle" "$rss_same" "$grow_same" "$rss_distinct" "$grow_distinct"
printf '   answers: one id %s in %ss; distinct ids %s in %ss\n' \
  "$(field "$same" statuses)" "$(field "$same" seconds)" "$(field "$distinct" statuses)" "$(field "$distinct" seconds)"
printf '   growth from distinct ids beyond the one-id baseline: %s MiB (counter store capped at 32 MiB); after 100,000 more: %s MiB (+%s)\n' \
  "$grow_distinct" "$rss_distinct_more" "$(python3 -c "print(f'{$rss_distinct_more - $rss_distinct:.1f}')")"
printf '\n2. legitimate GET /healthz: median %s ms alone, %s ms (p95 %s ms) with %s slow connections open -> %s\n' \
  "$(field "$slow" quiet_median_ms)" "$(field "$slow" loaded_median_ms)" "$(field "$slow" loaded_p95_ms)" \
  "$(field "$slow" slow_connections_open)" "$(ratio "$(field "$slow" loaded_median_ms)" "$(field "$slow" quiet_median_ms)")x"
printf '   slow connections cut off by the header timeout: %s\n' "$(field "$slow" slow_connections_cut_off)"
printf '\n3. owner token success: %s under attack (%s requests), %s alone -> %s\n' \
  "$(field "$victim" owner_success_under_attack)" "$(field "$victim" owner_requests_under_attack)" \
  "$(field "$victim" owner_success_alone)" \
  "$(ratio "$(field "$victim" owner_success_under_attack)" "$(field "$victim" owner_success_alone)")"
printf '   attacker answers: %s\n' "$(field "$victim" attacker_statuses)"
