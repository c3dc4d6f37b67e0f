#!/usr/bin/env bash
# HookRelay benchmark: one command, bench/run.sh, from any folder.
#
# Measures, in one run on one machine and for the same time each:
#   reference     bench/BareKestrel: Kestrel reading the body and answering 204, nothing else
#   group-commit  hookrelay serve with its defaults
#   naive         hookrelay serve with one transaction and one fsync per request
# and writes bench/results.md. Figures are ratios against the reference because these machines
# are shared and noisy (see STYLE.md, "Benchmarks").
#
# Then System Log reconciliation against `hookrelay simulate` (bench/reconcile.sh): backfill
# throughput without rate limits, and the time to consistency after a 10-minute outage under
# Okta's budget of 60 /logs requests a minute.
#
# Settings (environment): BENCH_DURATION seconds per measured run (10), BENCH_CONNECTIONS (16),
# BENCH_WARMUP seconds of load before each measured run (10), BENCH_BACKFILL_EVENTS (100000),
# BENCH_OUTAGE_RATES events/s of the outages to recover from ("50 100"; "" for none), BENCH_KEEP_DATA=1 keeps
# the databases. BENCH_ONLY=reconcile runs only group-commit (the reference for backfill) and the
# reconciliation runs, and writes bench/out/results.md instead of bench/results.md: for
# development; published figures come from a full run. Logs and raw wrk output go to bench/out/.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
OUT_DIR=$BENCH_DIR/out
LOG_DIR=$OUT_DIR/logs
RUNS_DIR=$OUT_DIR/runs

DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
# Under load the JIT keeps recompiling hookrelay (tiered PGO) for about 7 s on a 2-CPU machine;
# a shorter warm-up measures the JIT, not HookRelay. The report shows the JIT CPU left over.
WARMUP=${BENCH_WARMUP:-10}
THREADS=2
READY_TIMEOUT_S=30
# hookrelay drains for up to 30 s (HostOptions.ShutdownTimeout); past that it is stuck.
STOP_TIMEOUT_S=40

log() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'bench: %s\n' "$*" >&2; exit 1; }

BACKFILL_EVENTS=${BENCH_BACKFILL_EVENTS:-100000}
OUTAGE_RATES=${BENCH_OUTAGE_RATES-50 100}
ONLY=${BENCH_ONLY:-}

for setting in DURATION CONNECTIONS WARMUP BACKFILL_EVENTS; do
    [[ ${!setting} =~ ^[1-9][0-9]*$ ]] || fail "BENCH_$setting must be a positive whole number, not '${!setting}'."
done
(( CONNECTIONS >= THREADS )) || fail "BENCH_CONNECTIONS must be at least $THREADS (one per wrk thread)."
for rate in $OUTAGE_RATES; do
    [[ $rate =~ ^[1-9][0-9]*$ ]] || fail "BENCH_OUTAGE_RATES must be whole numbers of events a second, not '$rate'."
done
[[ -z $ONLY || $ONLY == reconcile ]] || fail "BENCH_ONLY may only be 'reconcile', not '$ONLY'."

# --- Clean-up: whatever happens, no server outlives the script. -----------------------------

SERVER_PID=""
SINK_PID=""
NATS_PID=""
WRK_PID=""
WORK_DIR=""

# A child that has exited stays a zombie until reaped; kill -0 would still succeed on it.
is_running() {
    local state
    state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
    [[ -n $state && $state != Z ]]
}

# Sends SIGTERM, waits for a clean exit, then SIGKILL. Sets STOP_EXIT_CODE.
stop_server() {
    STOP_EXIT_CODE=""
    [[ -n $SERVER_PID ]] || return 0
    local pid=$SERVER_PID deadline=$((SECONDS + STOP_TIMEOUT_S))
    SERVER_PID=""
    kill -TERM "$pid" 2>/dev/null || true
    while is_running "$pid" && (( SECONDS < deadline )); do sleep 0.1; done
    if is_running "$pid"; then
        log "server $pid did not stop within ${STOP_TIMEOUT_S}s of SIGTERM; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    STOP_EXIT_CODE=0
    wait "$pid" 2>/dev/null || STOP_EXIT_CODE=$?
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $WRK_PID ]]; then
        # timeout passes the signal on to wrk.
        kill -TERM "$WRK_PID" 2>/dev/null || true
        wait "$WRK_PID" 2>/dev/null || true
    fi
    stop_server
    stop_simulator
    stop_sink_server
    stop_nats_server
    if [[ -n $WORK_DIR && ${BENCH_KEEP_DATA:-0} != 1 ]]; then
        rm -rf "$WORK_DIR"
    elif [[ -n $WORK_DIR ]]; then
        log "data kept in $WORK_DIR"
    fi
    exit "$rc"
}
trap cleanup EXIT
# Turn signals into a normal exit so the EXIT trap runs once.
trap 'exit 130' INT
trap 'exit 143' TERM
# The reconciliation runs and stop_simulator, which cleanup calls.
# shellcheck source=bench/reconcile.sh
source "$BENCH_DIR/reconcile.sh"

# --- Tools ------------------------------------------------------------------------------------

install_if_missing() {
    local command=$1 package=$2 sudo=""
    command -v "$command" >/dev/null && return 0
    (( EUID == 0 )) || sudo=sudo
    log "installing $package (needed for $command)"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$package" >/dev/null \
        || fail "could not install $package; install it and run again."
}
install_if_missing wrk wrk
install_if_missing sqlite3 sqlite3
install_if_missing curl curl
install_if_missing nats-server nats-server
command -v dotnet >/dev/null || fail "dotnet is not on PATH; install the .NET 10 SDK."
command -v python3 >/dev/null || fail "python3 is not on PATH; bench/report.py needs it."

# --- Build ----------------------------------------------------------------------------------

# Nothing from an earlier run may end up in this run's report.
rm -rf "$LOG_DIR" "$RUNS_DIR"
mkdir -p "$LOG_DIR" "$RUNS_DIR"

publish() {
    local project=$1 target=$2 name
    name=$(basename "$project" .csproj)
    log "publishing $name (Release) to ${target#"$REPO_DIR"/}"
    dotnet publish "$project" -c Release -o "$target" -nologo >"$LOG_DIR/build-$name.log" 2>&1 \
        || { tail -n 30 "$LOG_DIR/build-$name.log" >&2; fail "building $name failed; full log: $LOG_DIR/build-$name.log"; }
}
publish "$REPO_DIR/src/HookRelay/HookRelay.csproj" "$OUT_DIR/hookrelay"
publish "$BENCH_DIR/BareKestrel/BareKestrel.csproj" "$OUT_DIR/barekestrel"

# --- One variant --------------------------------------------------------------------------

WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hookrelay-bench.XXXXXX")
# 40 hex characters: above HookRelay's 24-character minimum, safe in a header.
SECRET=$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

random_tag() { od -An -N4 -tx1 /dev/urandom | tr -d ' \n'; }

# "user system jit" CPU of a process, in clock ticks; jit is the tiered-compilation thread.
# In /proc/.../stat, fields are counted after "(comm) ", so utime and stime are the 12th and 13th.
cpu_sample() {
    local pid=$1 task jit=0
    for task in /proc/"$pid"/task/*; do
        [[ $(cat "$task/comm" 2>/dev/null) == ".NET Tiered"* ]] || continue
        jit=$((jit + $(sed 's/^.*) //' "$task/stat" | awk '{ print $12 + $13 }')))
    done
    echo "$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12, $13 }') $jit"
}

# Starts a server in its own fresh folder, so no appsettings.json or data from elsewhere leaks in;
# hookrelay keeps its database in data/ under that folder, as with its default --data-dir ./data.
# The subshell execs the server, so $! is the dotnet process itself, not a wrapper shell.
start_server() {
    local name=$1 kind=$2 port=$3 run_dir=$4
    shift 4
    case $kind in
        reference)
            (cd "$run_dir" && exec dotnet "$OUT_DIR/barekestrel/BareKestrel.dll" --urls "http://127.0.0.1:$port") \
                >"$LOG_DIR/$name.stdout" 2>"$LOG_DIR/$name.stderr" &
            ;;
        hookrelay)
            (cd "$run_dir" && exec env HOOKRELAY_Hooks__okta__Secrets__0="$SECRET" "$@" \
                dotnet "$OUT_DIR/hookrelay/hookrelay.dll" serve --urls "http://127.0.0.1:$port" --data-dir "$run_dir/data") \
                >"$LOG_DIR/$name.stdout" 2>"$LOG_DIR/$name.stderr" &
            ;;
    esac
    SERVER_PID=$!
}

# A second bare Kestrel that plays the HTTP sink's receiver (a SIEM collector) for the
# dispatch variants. Sets SINK_PORT.
start_sink_server() {
    SINK_PORT=$(free_port)
    (exec dotnet "$OUT_DIR/barekestrel/BareKestrel.dll" --urls "http://127.0.0.1:$SINK_PORT") \
        >"$LOG_DIR/sink-receiver.stdout" 2>"$LOG_DIR/sink-receiver.stderr" &
    SINK_PID=$!
    local deadline=$((SECONDS + READY_TIMEOUT_S))
    until (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null; do
        (( SECONDS < deadline )) || fail "the sink receiver did not start"
        sleep 0.1
    done
}

stop_sink_server() {
    [[ -n $SINK_PID ]] || return 0
    kill -TERM "$SINK_PID" 2>/dev/null || true
    wait "$SINK_PID" 2>/dev/null || true
    SINK_PID=""
}

# A JetStream server for the NATS dispatch variant. Sets NATS_PORT.
start_nats_server() {
    NATS_PORT=$(free_port)
    mkdir -p "$WORK_DIR/nats"
    nats-server -js -a 127.0.0.1 -p "$NATS_PORT" -sd "$WORK_DIR/nats" \
        >"$LOG_DIR/nats-server.stdout" 2>"$LOG_DIR/nats-server.stderr" &
    NATS_PID=$!
    local deadline=$((SECONDS + READY_TIMEOUT_S))
    until (exec 3<>"/dev/tcp/127.0.0.1/$NATS_PORT") 2>/dev/null; do
        (( SECONDS < deadline )) || fail "nats-server did not start"
        sleep 0.1
    done
}

stop_nats_server() {
    [[ -n $NATS_PID ]] || return 0
    kill -TERM "$NATS_PID" 2>/dev/null || true
    wait "$NATS_PID" 2>/dev/null || true
    NATS_PID=""
}

# Dispatch figures from the store: delivered items, what was still queued when load stopped,
# and the receipt-to-sink lag percentiles (ms) over every delivered item.
dispatch_stats() {
    local db=$1 backlog=$2
    sqlite3 "$db" "
        WITH lag AS (SELECT d.done_at - e.received_at AS ms FROM dispatch d JOIN events e ON e.seq = d.event_seq WHERE d.state = 1),
             n AS (SELECT COUNT(*) AS c FROM lag)
        SELECT json_object(
            'sinks', (SELECT group_concat(DISTINCT sink) FROM dispatch),
            'delivered', (SELECT c FROM n),
            'backlog_at_end_of_load', $backlog,
            'lag_p50_ms', (SELECT ms FROM lag ORDER BY ms LIMIT 1 OFFSET (SELECT c / 2 FROM n)),
            'lag_p99_ms', (SELECT ms FROM lag ORDER BY ms LIMIT 1 OFFSET (SELECT c * 99 / 100 FROM n)));"
}

# The end of a server's output, for a failure message.
show_logs() {
    local name=$1 stream
    for stream in stdout stderr; do
        printf -- '--- last lines of %s\n' "$LOG_DIR/$name.$stream" >&2
        tail -n 15 "$LOG_DIR/$name.$stream" >&2
    done
}

# hookrelay answers /health/live; the reference only has to accept a TCP connection.
wait_ready() {
    local name=$1 kind=$2 port=$3 deadline=$((SECONDS + READY_TIMEOUT_S))
    while (( SECONDS < deadline )); do
        is_running "$SERVER_PID" || { show_logs "$name"; fail "$name exited during start-up"; }
        if [[ $kind == hookrelay ]]; then
            curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/health/live" 2>/dev/null && return 0
        else
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        fi
        sleep 0.1
    done
    show_logs "$name"
    fail "$name did not become ready within ${READY_TIMEOUT_S}s"
}

# One wrk run. `timeout` bounds it even if wrk hangs. wrk runs in the background because bash
# only handles a signal (Ctrl+C) once the foreground command has finished; `wait` is interrupted.
run_wrk() {
    local seconds=$1 port=$2 output=$3 status=0
    # `times` must run in this shell, not in $(...): a subshell has no reaped children.
    times >"$output.times"
    BENCH_SECRET=$SECRET timeout $((seconds + 30)) \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" -s "$BENCH_DIR/delivery.lua" \
        "http://127.0.0.1:$port/hooks/okta" -- "$(random_tag)" >"$output" 2>"$output.stderr" &
    WRK_PID=$!
    wait "$WRK_PID" || status=$?
    WRK_PID=""
    times >>"$output.times"
    # wrk's own CPU use: how much this shell's children's user + system time (line 2 of each
    # `times` output) grew while only timeout and wrk ran.
    awk 'function seconds(t, parts) { split(t, parts, "m"); return parts[1] * 60 + parts[2] }
         NR == 2 || NR == 4 { cpu[NR] = seconds($1) + seconds($2) }
         END { printf "%.3f\n", cpu[4] - cpu[2] }' "$output.times" >"$output.cpu"
    (( status == 0 )) || { cat "$output.stderr" >&2; fail "wrk failed (exit $status); output in $output"; }
    grep -q '^BENCH_RESULT ' "$output" || fail "wrk printed no BENCH_RESULT line; see $output"
}

run_variant() {
    local name=$1 kind=$2
    shift 2
    local port run_dir rss_kb stored=null dispatch=null backlog=0 user0 sys0 jit0 user1 sys1 jit1
    port=$(free_port)
    run_dir=$WORK_DIR/$name
    mkdir -p "$run_dir"

    log "$name: starting on 127.0.0.1:$port"
    start_server "$name" "$kind" "$port" "$run_dir" "$@"
    wait_ready "$name" "$kind" "$port"

    # The warm-up lets the JIT and the connection pool settle; its ids differ from the measured run's.
    log "$name: warm-up ${WARMUP}s, then ${DURATION}s measured, $CONNECTIONS connections"
    run_wrk "$WARMUP" "$port" "$RUNS_DIR/$name.warmup.txt"
    read -r user0 sys0 jit0 < <(cpu_sample "$SERVER_PID")
    run_wrk "$DURATION" "$port" "$RUNS_DIR/$name.wrk.txt"
    is_running "$SERVER_PID" || { show_logs "$name"; fail "$name exited during the run"; }
    read -r user1 sys1 jit1 < <(cpu_sample "$SERVER_PID")

    # VmHWM is the peak resident set of the dotnet process over its whole life.
    rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status")
    if [[ $kind == hookrelay ]]; then
        # Work not yet dispatched when the load stopped: near 0 means dispatch kept up.
        backlog=$(sqlite3 "$run_dir/data/hookrelay.db" "select count(*) from dispatch where state = 0") || backlog=0
    fi
    stop_server
    log "$name: stopped (exit code $STOP_EXIT_CODE)"

    # After a clean stop every 204 must be in the database.
    if [[ $kind == hookrelay ]]; then
        stored=$(sqlite3 "$run_dir/data/hookrelay.db" "select count(*) from events") \
            || fail "$name: could not count events in $run_dir/data/hookrelay.db"
        dispatch=$(dispatch_stats "$run_dir/data/hookrelay.db" "$backlog")
    fi

    cat >"$RUNS_DIR/$name.server.json" <<EOF
{"name": "$name", "kind": "$kind", "rss_kb": $rss_kb, "exit_code": $STOP_EXIT_CODE, "stored_events": $stored, "dispatch": $dispatch,
 "cpu_user_ticks": $((user1 - user0)), "cpu_sys_ticks": $((sys1 - sys0)), "jit_ticks": $((jit1 - jit0)),
 "clk_tck": $(getconf CLK_TCK), "env": "$*"}
EOF
}

if [[ $ONLY == reconcile ]]; then
    # Group commit only: backfill's events/s is compared with its ingest events/s.
    VARIANTS=(group-commit)
    RESULTS=$OUT_DIR/results.md
    run_variant group-commit hookrelay
else
    VARIANTS=(reference group-commit naive http-sink nats-sink)
    RESULTS=$BENCH_DIR/results.md
    run_variant reference reference
    # The default configuration: group commit, every event dispatched to the zero-config file sink.
    run_variant group-commit hookrelay
    run_variant naive hookrelay HOOKRELAY_Storage__MaxDeliveriesPerCommit=1
    # Dispatch to an HTTP receiver on loopback in batches of 100, while ingest runs.
    start_sink_server
    run_variant http-sink hookrelay HOOKRELAY_Sinks__siem__Type=http \
        HOOKRELAY_Sinks__siem__Url="http://127.0.0.1:$SINK_PORT/hooks/okta" HOOKRELAY_Sinks__siem__BatchSize=100 \
        HOOKRELAY_Routes__0__Sinks__0=siem
    stop_sink_server
    # Dispatch to NATS JetStream (batches of 500, the default for non-HTTP sinks).
    start_nats_server
    run_variant nats-sink hookrelay HOOKRELAY_Sinks__bus__Type=nats HOOKRELAY_Sinks__bus__Url="nats://127.0.0.1:$NATS_PORT" \
        HOOKRELAY_Sinks__bus__Stream=OKTA HOOKRELAY_Routes__0__Sinks__0=bus
    stop_nats_server
fi

# System Log reconciliation (bench/reconcile.sh).
run_backfill "$BACKFILL_EVENTS"
OUTAGES=()
for rate in $OUTAGE_RATES; do
    run_outage "$rate"
    OUTAGES+=("outage-$rate")
done

# --- Report ------------------------------------------------------------------------------

python3 "$BENCH_DIR/report.py" --out "$RUNS_DIR" --results "$RESULTS" \
    --duration "$DURATION" --connections "$CONNECTIONS" --threads "$THREADS" --warmup "$WARMUP" \
    --variants "${VARIANTS[@]}" --backfill backfill --outages "${OUTAGES[@]}"
