#!/usr/bin/env bash
# HookRelay benchmark: one command, bench/run.sh, from any folder.
#
# Measures, in one run on one machine and for the same time each:
#   reference     bench/BareKestrel: Kestrel reading the body and answering 204, nothing else
#   group-commit  hookrelay serve with its defaults
#   naive         hookrelay serve with one transaction and one fsync per request
#   http-sink, nats-sink   group commit dispatching to an HTTP receiver, to NATS JetStream
#   postgres      hookrelay serve on PostgreSQL (a throwaway cluster of this run, fsync on)
#   postgres-2/3  two and three hookrelay serve instances on one PostgreSQL database, the load
#                 split across them (one wrk per instance, started together)
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
# reconciliation runs; BENCH_ONLY=postgres runs only reference, group-commit and the postgres
# variants. Either writes bench/out/results.md instead of bench/results.md: for development;
# published figures come from a full run. Logs and raw wrk output go to bench/out/.
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
[[ -z $ONLY || $ONLY == reconcile || $ONLY == postgres ]] || fail "BENCH_ONLY may only be 'reconcile' or 'postgres', not '$ONLY'."

# --- Clean-up: whatever happens, no server outlives the script. -----------------------------

# SERVER_PID is the server started last; SERVER_PIDS every server not yet stopped (several for the
# multi-instance postgres variants).
SERVER_PID=""
SERVER_PIDS=()
SINK_PID=""
NATS_PID=""
WRK_PIDS=()
WORK_DIR=""
PG_PID=""
PG_DIR=""

# A child that has exited stays a zombie until reaped; kill -0 would still succeed on it.
is_running() {
    local state
    state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
    [[ -n $state && $state != Z ]]
}

# Sends SIGTERM to every server at once, waits for them to exit, then SIGKILLs any left.
# Sets STOP_EXIT_CODES (one per server, in start order) and STOP_EXIT_CODE (the first non-zero one, or 0).
stop_server() {
    STOP_EXIT_CODE=""
    STOP_EXIT_CODES=()
    (( ${#SERVER_PIDS[@]} )) || return 0
    local pids=("${SERVER_PIDS[@]}") pid code deadline=$((SECONDS + STOP_TIMEOUT_S))
    SERVER_PIDS=()
    SERVER_PID=""
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        while is_running "$pid" && (( SECONDS < deadline )); do sleep 0.1; done
        if is_running "$pid"; then
            log "server $pid did not stop within ${STOP_TIMEOUT_S}s of SIGTERM; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    STOP_EXIT_CODE=0
    for pid in "${pids[@]}"; do
        code=0
        wait "$pid" 2>/dev/null || code=$?
        STOP_EXIT_CODES+=("$code")
        (( STOP_EXIT_CODE != 0 )) || STOP_EXIT_CODE=$code
    done
}

stop_wrk() {
    local pid
    # timeout passes the signal on to wrk.
    for pid in "${WRK_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${WRK_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    WRK_PIDS=()
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_wrk
    stop_server
    stop_simulator
    stop_sink_server
    stop_nats_server
    stop_postgres
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

apt_install() {
    local package=$1 reason=$2 sudo=""
    (( EUID == 0 )) || sudo=sudo
    log "installing $package ($reason)"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$package" >/dev/null \
        || fail "could not install $package; install it and run again."
}
install_if_missing() {
    local command=$1 package=$2
    command -v "$command" >/dev/null && return 0
    apt_install "$package" "needed for $command"
}
install_if_missing wrk wrk
install_if_missing sqlite3 sqlite3
install_if_missing curl curl
install_if_missing nats-server nats-server
# The postgres variants run their own throwaway cluster with the server binaries of Debian's
# package, which keeps them in /usr/lib/postgresql/VERSION/bin (not on PATH). The package may set up
# a cluster of its own as well; the benchmark never uses or starts it.
PG_BIN=""
if [[ $ONLY != reconcile ]]; then
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || apt_install postgresql "needed for the postgres variants"
    PG_BIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    [[ -x $PG_BIN/initdb && -x $PG_BIN/postgres && -x $PG_BIN/pg_isready ]] \
        || fail "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin; install Debian's postgresql package."
    if (( EUID == 0 )); then
        # initdb refuses to run as root: the cluster belongs to the postgres user the package creates.
        id postgres >/dev/null 2>&1 || fail "running as root, the cluster needs the 'postgres' user; install Debian's postgresql package."
        command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed to run PostgreSQL as the postgres user."
    fi
fi
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
    SERVER_PIDS+=("$SERVER_PID")
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

# --- PostgreSQL: a throwaway cluster for the postgres variants ---------------------------------

# The prefix that runs a PostgreSQL binary as the postgres user when this script runs as root
# (initdb and postgres refuse root); as another user they run as that user.
AS_POSTGRES=()
(( EUID != 0 )) || AS_POSTGRES=(setpriv --reuid=postgres --regid=postgres --init-groups --)

# A new cluster in its own folder, with durability as shipped: fsync, synchronous_commit and
# full_page_writes on (set explicitly, whatever the defaults). Trust authentication on loopback
# and on its socket, which is in that folder. Sets PG_PORT.
start_postgres() {
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hookrelay-bench-pg.XXXXXX")
    (( EUID != 0 )) || chown postgres:postgres "$PG_DIR"
    log "postgres: new cluster in $PG_DIR ($("$PG_BIN/postgres" --version))"
    "${AS_POSTGRES[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$LOG_DIR/postgres-cluster-initdb.log" 2>&1 || { tail -n 15 "$LOG_DIR/postgres-cluster-initdb.log" >&2; fail "initdb failed"; }
    PG_PORT=$(free_port)
    # The subshell execs setpriv, which execs postgres: $! is the postmaster.
    (exec "${AS_POSTGRES[@]}" "$PG_BIN/postgres" -D "$PG_DIR/data" -p "$PG_PORT" -k "$PG_DIR" \
        -c listen_addresses=127.0.0.1 -c max_connections=200 \
        -c fsync=on -c synchronous_commit=on -c full_page_writes=on) >"$LOG_DIR/postgres-cluster.log" 2>&1 &
    PG_PID=$!
    local deadline=$((SECONDS + READY_TIMEOUT_S))
    until "$PG_BIN/pg_isready" -q -h "$PG_DIR" -p "$PG_PORT" -U postgres; do
        is_running "$PG_PID" || { tail -n 15 "$LOG_DIR/postgres-cluster.log" >&2; fail "postgres exited during start-up"; }
        (( SECONDS < deadline )) || { tail -n 15 "$LOG_DIR/postgres-cluster.log" >&2; fail "postgres did not become ready within ${READY_TIMEOUT_S}s"; }
        sleep 0.1
    done
    log "postgres: ready on 127.0.0.1:$PG_PORT (pid $PG_PID)"
}

# SIGINT is PostgreSQL's fast shutdown: sessions are ended, a checkpoint is written.
stop_postgres() {
    if [[ -n $PG_PID ]]; then
        local pid=$PG_PID deadline=$((SECONDS + STOP_TIMEOUT_S))
        PG_PID=""
        kill -INT "$pid" 2>/dev/null || true
        while is_running "$pid" && (( SECONDS < deadline )); do sleep 0.1; done
        if is_running "$pid"; then
            log "postgres $pid did not stop within ${STOP_TIMEOUT_S}s of SIGINT; SIGQUIT (immediate shutdown)"
            kill -QUIT "$pid" 2>/dev/null || true
            deadline=$((SECONDS + 10))
            while is_running "$pid" && (( SECONDS < deadline )); do sleep 0.1; done
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    fi
    if [[ -n $PG_DIR && ${BENCH_KEEP_DATA:-0} != 1 ]]; then
        rm -rf "$PG_DIR"
    elif [[ -n $PG_DIR ]]; then
        log "postgres cluster kept in $PG_DIR/data"
    fi
    PG_DIR=""
}

# psql on one database of the cluster: unaligned, tuples only, no ~/.psqlrc, stop at the first error.
pg_sql() {
    local db=$1 sql=$2
    "$PG_BIN/psql" -XAtq -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d "$db" -c "$sql"
}

# "user+system" clock ticks of the whole cluster: the postmaster, the children it has reaped and
# its live children (background processes, and one backend per hookrelay connection).
pg_cpu_ticks() {
    local stat line fields total=0
    for stat in /proc/[0-9]*/stat; do
        read -r line 2>/dev/null <"$stat" || continue
        # Fields after "(comm) ": 0 state, 1 ppid, ..., 11 utime, 12 stime, 13 cutime, 14 cstime.
        read -r -a fields <<<"${line##*) }"
        if [[ $stat == "/proc/$PG_PID/stat" ]]; then
            total=$((total + fields[11] + fields[12] + fields[13] + fields[14]))
        elif [[ ${fields[1]} == "$PG_PID" ]]; then
            total=$((total + fields[11] + fields[12]))
        fi
    done
    echo "$total"
}

# Dispatch figures from the store: delivered items, what was still queued when load stopped,
# and the receipt-to-sink lag percentiles (ms) over every delivered item.
dispatch_stats() {
    local kind=$1 store=$2 backlog=$3
    if [[ $kind == postgres ]]; then
        pg_sql "$store" "
            WITH lag AS (SELECT d.done_at - e.received_at AS ms FROM dispatch d JOIN events e ON e.seq = d.event_seq WHERE d.state = 1)
            SELECT json_build_object(
                'sinks', (SELECT string_agg(DISTINCT sink, ',') FROM dispatch),
                'delivered', (SELECT count(*) FROM lag),
                'backlog_at_end_of_load', $backlog,
                'lag_p50_ms', (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) FROM lag),
                'lag_p99_ms', (SELECT percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) FROM lag));"
        return
    fi
    sqlite3 "$store" "
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
    local name=$1 kind=$2 port=$3 pid=${4:-$SERVER_PID} deadline=$((SECONDS + READY_TIMEOUT_S))
    while (( SECONDS < deadline )); do
        is_running "$pid" || { show_logs "$name"; fail "$name exited during start-up"; }
        if [[ $kind != reference ]]; then
            curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/health/live" 2>/dev/null && return 0
        else
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        fi
        sleep 0.1
    done
    show_logs "$name"
    fail "$name did not become ready within ${READY_TIMEOUT_S}s"
}

# run_wrk SECONDS OUTPUT PORT...: one wrk per server, all started together and for the same time,
# the connections split between them (16 over 3: 6, 5, 5), THREADS ÷ servers threads each (at
# least 1). One server's output goes to OUTPUT; with several, server K's goes to OUTPUT with .K
# before .txt, with its latency percentiles on a fine grid (BENCH_QUANTILES) so that report.py
# can merge them. `timeout` bounds each wrk even if it hangs. wrk runs in the background because bash
# only handles a signal (Ctrl+C) once the foreground command has finished; `wait` is interrupted.
run_wrk() {
    local seconds=$1 output=$2
    shift 2
    local ports=("$@") count=$# k file connections threads status=0 pid files=() quantiles=0
    (( count == 1 )) || quantiles=1
    # `times` must run in this shell, not in $(...): a subshell has no reaped children.
    times >"$output.times"
    WRK_PIDS=()
    for (( k = 0; k < count; k++ )); do
        connections=$(( CONNECTIONS / count + (k < CONNECTIONS % count ? 1 : 0) ))
        threads=$(( THREADS / count > 0 ? THREADS / count : 1 ))
        file=$output
        (( count == 1 )) || file=${output%.txt}.$((k + 1)).txt
        files+=("$file")
        # A run tag per wrk: wrks whose servers share one database must not repeat each other's ids.
        BENCH_SECRET=$SECRET BENCH_QUANTILES=$quantiles timeout $((seconds + 30)) \
            wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$BENCH_DIR/delivery.lua" \
            "http://127.0.0.1:${ports[k]}/hooks/okta" -- "$(random_tag)" >"$file" 2>"$file.stderr" &
        WRK_PIDS+=("$!")
    done
    for pid in "${WRK_PIDS[@]}"; do
        wait "$pid" || status=$?
    done
    WRK_PIDS=()
    times >>"$output.times"
    # wrk's own CPU use (all of them): how much this shell's children's user + system time (line 2
    # of each `times` output) grew while only timeout and wrk ran.
    awk 'function seconds(t, parts) { split(t, parts, "m"); return parts[1] * 60 + parts[2] }
         NR == 2 || NR == 4 { cpu[NR] = seconds($1) + seconds($2) }
         END { printf "%.3f\n", cpu[4] - cpu[2] }' "$output.times" >"$output.cpu"
    for file in "${files[@]}"; do
        (( status == 0 )) || { cat "$file.stderr" >&2; fail "wrk failed (exit $status); output in $file"; }
        grep -q '^BENCH_RESULT ' "$file" || fail "wrk printed no BENCH_RESULT line; see $file"
    done
}

# One hookrelay's Prometheus counters, "commits writes": its commits (one transaction and one
# fsync each) and the writes they carried (deliveries, dispatch outcomes, readiness probes).
commit_sample() {
    curl -fsS --max-time 5 "http://127.0.0.1:$1/metrics" 2>/dev/null \
        | awk '/^hookrelay_commit_batch_size[a-z_]*_count[{ ]/ { c += $NF }
               /^hookrelay_commit_batch_size[a-z_]*_sum[{ ]/ { s += $NF }
               END { printf "%d %d\n", c, s }'
}

# A query on a variant's store: sqlite3 on its database file, or psql on its PostgreSQL database.
store_sql() {
    local kind=$1 store=$2 sql=$3
    if [[ $kind == postgres ]]; then
        pg_sql "$store" "$sql"
    else
        sqlite3 "$store" "$sql"
    fi
}

# run_variant NAME KIND [VAR=VALUE...]: KIND is reference (bench/BareKestrel), hookrelay (on
# SQLite) or postgres (hookrelay on a fresh database of the cluster). INSTANCES=N (default 1)
# starts N servers, each on its own port and folder; on postgres they share the one database.
run_variant() {
    local name=$1 kind=$2
    shift 2
    local instances=${INSTANCES:-1} server_kind=$kind store="" k port run_dir label
    local ports=() pids=() labels=() settings=("$@") rss=() rss_kb=0 stored=null dispatch=null backlog=0
    local user0=0 sys0=0 jit0=0 user1=0 sys1=0 jit1=0 u s j pg0="" pg1="" pg_ticks=null
    local commits0=0 writes0=0 commits1=0 writes1=0 c w
    mkdir -p "$WORK_DIR/$name"

    if [[ $kind == postgres ]]; then
        server_kind=hookrelay
        store=bench_${name//-/_}
        pg_sql postgres "CREATE DATABASE $store;" || fail "$name: could not create database $store"
        settings=(HOOKRELAY_Storage__Provider=postgres
            "HOOKRELAY_Storage__ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$store"
            "${settings[@]}")
    elif [[ $kind == hookrelay ]]; then
        store=$WORK_DIR/$name/data/hookrelay.db
    fi

    # All instances start together: on PostgreSQL they apply the schema under its lock at once.
    for (( k = 1; k <= instances; k++ )); do
        port=$(free_port)
        label=$name run_dir=$WORK_DIR/$name
        (( instances == 1 )) || label=$name.$k run_dir=$WORK_DIR/$name/$k
        mkdir -p "$run_dir"
        log "$label: starting on 127.0.0.1:$port"
        start_server "$label" "$server_kind" "$port" "$run_dir" "${settings[@]}"
        ports+=("$port") pids+=("$SERVER_PID") labels+=("$label")
    done
    for (( k = 0; k < instances; k++ )); do
        wait_ready "${labels[k]}" "$server_kind" "${ports[k]}" "${pids[k]}"
    done

    # The warm-up lets the JIT and the connection pool settle; its ids differ from the measured run's.
    log "$name: warm-up ${WARMUP}s, then ${DURATION}s measured, $CONNECTIONS connections over $instances server(s)"
    run_wrk "$WARMUP" "$RUNS_DIR/$name.warmup.txt" "${ports[@]}"
    for (( k = 0; k < instances; k++ )); do
        read -r u s j < <(cpu_sample "${pids[k]}")
        user0=$((user0 + u)) sys0=$((sys0 + s)) jit0=$((jit0 + j))
        [[ $server_kind == reference ]] && continue
        read -r c w < <(commit_sample "${ports[k]}")
        commits0=$((commits0 + c)) writes0=$((writes0 + w))
    done
    [[ $kind != postgres ]] || pg0=$(pg_cpu_ticks)
    run_wrk "$DURATION" "$RUNS_DIR/$name.wrk.txt" "${ports[@]}"
    [[ $kind != postgres ]] || pg1=$(pg_cpu_ticks)
    for (( k = 0; k < instances; k++ )); do
        is_running "${pids[k]}" || { show_logs "${labels[k]}"; fail "${labels[k]} exited during the run"; }
        read -r u s j < <(cpu_sample "${pids[k]}")
        user1=$((user1 + u)) sys1=$((sys1 + s)) jit1=$((jit1 + j))
        # VmHWM is the peak resident set of the dotnet process over its whole life.
        rss+=("$(awk '/^VmHWM:/ { print $2 }' "/proc/${pids[k]}/status")")
        (( rss[k] <= rss_kb )) || rss_kb=${rss[k]}
        [[ $server_kind == reference ]] && continue
        read -r c w < <(commit_sample "${ports[k]}")
        commits1=$((commits1 + c)) writes1=$((writes1 + w))
    done
    [[ -z $pg0 ]] || pg_ticks=$((pg1 - pg0))
    if [[ $server_kind == hookrelay ]]; then
        # Work not yet dispatched when the load stopped: near 0 means dispatch kept up.
        backlog=$(store_sql "$kind" "$store" "select count(*) from dispatch where state = 0") || backlog=0
    fi
    stop_server
    log "$name: stopped (exit code ${STOP_EXIT_CODES[*]})"

    # After a clean stop every 204 must be in the database.
    if [[ $server_kind == hookrelay ]]; then
        stored=$(store_sql "$kind" "$store" "select count(*) from events") || fail "$name: could not count events in $store"
        dispatch=$(dispatch_stats "$kind" "$store" "$backlog")
    fi

    cat >"$RUNS_DIR/$name.server.json" <<EOF
{"name": "$name", "kind": "$kind", "instances": $instances, "rss_kb": $rss_kb, "instance_rss_kb": [$(IFS=,; echo "${rss[*]}")],
 "exit_code": $STOP_EXIT_CODE, "exit_codes": [$(IFS=,; echo "${STOP_EXIT_CODES[*]}")], "stored_events": $stored, "dispatch": $dispatch,
 "cpu_user_ticks": $((user1 - user0)), "cpu_sys_ticks": $((sys1 - sys0)), "jit_ticks": $((jit1 - jit0)),
 "postgres_cpu_ticks": $pg_ticks, "commits": $((commits1 - commits0)), "commit_writes": $((writes1 - writes0)),
 "clk_tck": $(getconf CLK_TCK), "env": "$*"}
EOF
}

if [[ $ONLY == reconcile ]]; then
    # Group commit only: backfill's events/s is compared with its ingest events/s.
    VARIANTS=(group-commit)
    RESULTS=$OUT_DIR/results.md
    run_variant group-commit hookrelay
else
    if [[ $ONLY == postgres ]]; then
        # PostgreSQL next to what it is compared with: the reference and SQLite's group commit.
        VARIANTS=(reference group-commit postgres postgres-2 postgres-3)
        RESULTS=$OUT_DIR/results.md
    else
        VARIANTS=(reference group-commit naive http-sink nats-sink postgres postgres-2 postgres-3)
        RESULTS=$BENCH_DIR/results.md
    fi
    run_variant reference reference
    # The default configuration: group commit, every event dispatched to the zero-config file sink.
    run_variant group-commit hookrelay
    if [[ -z $ONLY ]]; then
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
    # group-commit's defaults (the file sink included) on PostgreSQL: one instance, then two and
    # three sharing one database; each variant has a database of its own.
    start_postgres
    run_variant postgres postgres
    INSTANCES=2 run_variant postgres-2 postgres
    INSTANCES=3 run_variant postgres-3 postgres
    stop_postgres
fi

# System Log reconciliation (bench/reconcile.sh); BENCH_ONLY=postgres leaves it out.
REPORT_RECONCILE=()
if [[ $ONLY != postgres ]]; then
    run_backfill "$BACKFILL_EVENTS"
    OUTAGES=()
    for rate in $OUTAGE_RATES; do
        run_outage "$rate"
        OUTAGES+=("outage-$rate")
    done
    REPORT_RECONCILE=(--backfill backfill --outages "${OUTAGES[@]}")
fi

# --- Report ------------------------------------------------------------------------------

python3 "$BENCH_DIR/report.py" --out "$RUNS_DIR" --results "$RESULTS" \
    --duration "$DURATION" --connections "$CONNECTIONS" --threads "$THREADS" --warmup "$WARMUP" \
    --variants "${VARIANTS[@]}" "${REPORT_RECONCILE[@]}"
