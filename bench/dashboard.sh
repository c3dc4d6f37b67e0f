#!/usr/bin/env bash
# Dashboard timings with a large store: bench/dashboard.sh (BENCH_DASHBOARD_EVENTS, default 1000000).
#
# Fills a SQLite store with Okta-shaped events (bench/dashboard_store.py, every 50th read back from
# the System Log), starts `hookrelay serve` on it with an Okta org over their hook, and times every
# request the dashboard's pages make with curl: 5 warm-up requests, then 20 measured, median and p90. The reference is the bare Kestrel app's round trip measured the same
# way in the same run, so each figure is also given as a multiple of it. Then bench/PageLoad loads
# each page in Debian's Chromium (BENCH_PAGELOAD_LOADS times, default 30, after 3 warm-up loads) up
# to its data on screen: cold, warm, and from a click on its header link (and on Search, by actor,
# for the events page), each a full navigation to the page the server renders; against a static
# page from the bare Kestrel app, and against each page's own HTML saved and served static by that
# app (what the browser alone takes to show it). Writes bench/dashboard-results.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
OUT_DIR=$BENCH_DIR/out
EVENTS=${BENCH_DASHBOARD_EVENTS:-1000000}
[[ $EVENTS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_DASHBOARD_EVENTS must be a positive whole number" >&2; exit 1; }
LOADS=${BENCH_PAGELOAD_LOADS:-30}
[[ $LOADS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_PAGELOAD_LOADS must be a positive whole number" >&2; exit 1; }
for tool in curl python3; do
    command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl python3 >/dev/null; }
done
# Playwright drives Debian's Chromium and never downloads a browser of its own.
[[ -x /usr/bin/chromium ]] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

mkdir -p "$OUT_DIR/logs"
DATA=$(mktemp -d /tmp/hookrelay-dashboard.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

echo "==> publishing HookRelay, BareKestrel and PageLoad (Release)" >&2
dotnet publish "$REPO_DIR/src/HookRelay/HookRelay.csproj" -c Release -o "$OUT_DIR/hookrelay" -nologo >"$OUT_DIR/logs/dashboard-build.log" 2>&1
dotnet publish "$BENCH_DIR/BareKestrel/BareKestrel.csproj" -c Release -o "$OUT_DIR/barekestrel" -nologo >>"$OUT_DIR/logs/dashboard-build.log" 2>&1
dotnet publish "$BENCH_DIR/PageLoad/PageLoad.csproj" -c Release -o "$OUT_DIR/pageload" -nologo >>"$OUT_DIR/logs/dashboard-build.log" 2>&1

echo "==> filling a store with $EVENTS events" >&2
"$OUT_DIR/hookrelay/hookrelay" db migrate --data-dir "$DATA" >&2
python3 "$BENCH_DIR/dashboard_store.py" "$DATA/hookrelay.db" "$EVENTS" >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "bench: $1 did not answer" >&2; exit 1; }

REF_PORT=$(free_port)
mkdir -p "$DATA/snapshots"
dotnet "$OUT_DIR/barekestrel/BareKestrel.dll" --urls "http://127.0.0.1:$REF_PORT" --snapshots "$DATA/snapshots" >"$OUT_DIR/logs/dashboard-reference.log" 2>&1 &
PIDS+=($!)
HR_PORT=$(free_port)
# An Okta org over the store's hook, so the overview and the Okta page run their per-org queries
# (missed events of the day, the reconciliation report) on the million events. Its domain answers
# nothing: the org shows a credential problem, which costs the pages nothing more.
cat >"$DATA/okta.json" <<'JSON'
{ "Okta": { "Orgs": { "bench": { "Domain": "http://127.0.0.1:9", "ApiToken": "00bench-token-0123456789", "Hooks": ["okta"] } } } }
JSON
"$OUT_DIR/hookrelay/hookrelay" serve --data-dir "$DATA" --config "$DATA/okta.json" --urls "http://127.0.0.1:$HR_PORT" >"$OUT_DIR/logs/dashboard-hookrelay.log" 2>&1 &
PIDS+=($!)
wait_up "http://127.0.0.1:$HR_PORT/health/live"
for _ in $(seq 1 100); do [[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$REF_PORT/hooks/okta") == 204 ]] && break; sleep 0.1; done

# time_ms METHOD URL: median and p90 of 20 requests after 5 warm-up ones, in ms.
time_ms() {
    local method=$1 url=$2
    for _ in $(seq 1 5); do curl -s -o /dev/null -X "$method" "$url"; done
    for _ in $(seq 1 20); do curl -s -o /dev/null -X "$method" -w '%{time_total}\n' "$url"; done |
        sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.1f %.1f\n", t[10], t[18] }'
}

read -r ref_median ref_p90 < <(time_ms POST "http://127.0.0.1:$REF_PORT/hooks/okta")
{
    echo "# Dashboard timings with $EVENTS stored events"
    echo
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`bench/dashboard.sh\` on $(nproc) CPUs: HookRelay (Release) on a SQLite store filled by bench/dashboard_store.py; curl from the same machine, 20 requests after 5 warm-up ones. Reference: the bare Kestrel app's 204 round trip, $ref_median ms median ($ref_p90 ms p90)."
    echo
    echo "| page | request | median ms | p90 ms | median vs reference |"
    echo "|---|---|---:|---:|---:|"
    while IFS='|' read -r page path; do
        read -r median p90 < <(time_ms GET "http://127.0.0.1:$HR_PORT$path")
        ratio=$(awk -v a="$median" -v b="$ref_median" 'BEGIN { printf "%.1f×", a / b }')
        echo "| $page | \`$path\` | $median | $p90 | $ratio |"
    done <<'PATHS'
overview|/
events|/events
events|/events?type=group.*
events|/events?since=2h&provenance=pull
events|/events?actor=user42@example.com
events|/events?target=app42
events|/events/u-0500000
dead letters|/deadletters
okta|/okta
(API) overview|/api/v1/overview
(API) events|/api/v1/events?limit=50
(CLI) sinks|/api/v1/sinks
PATHS
    echo
    echo "A page is one request: HTML rendered on the server with its data, its styles and script inside it; the browser's own work comes on top (below)."
} >"$BENCH_DIR/dashboard-results.md"

# Each page's HTML as served now, for the bare Kestrel app to serve as its static copy.
for section in overview events deadletters okta; do
    path=/$section; [[ $section == overview ]] && path=/
    curl -sf -o "$DATA/snapshots/$section.html" "http://127.0.0.1:$HR_PORT$path"
done

echo "==> loading each page in Chromium ($LOADS times each way)" >&2
dotnet "$OUT_DIR/pageload/PageLoad.dll" --dashboard "http://127.0.0.1:$HR_PORT" --reference "http://127.0.0.1:$REF_PORT/" \
    --snapshots "http://127.0.0.1:$REF_PORT/snapshot/" \
    --actor user42@example.com --loads "$LOADS" --warm-up 3 >>"$BENCH_DIR/dashboard-results.md"
cat "$BENCH_DIR/dashboard-results.md"
