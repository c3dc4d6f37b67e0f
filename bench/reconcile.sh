# Sourced by bench/run.sh (uses its helpers and settings): System Log reconciliation against
# `hookrelay simulate`, the simulated Okta org, pre-filled with the backlog an outage leaves:
#   backfill          N events never delivered, no rate limit, no live traffic: events/s pulled and
#                     stored (run.sh compares it with group-commit's ingest events/s of the same run)
#   outage-RATE       10 minutes of traffic at RATE events/s never delivered, live traffic pushed at
#                     the same rate meanwhile, Okta's budget of 60 /logs requests a minute and
#                     HookRelay's default share of it (0.5): the time until every backlog event is stored
# Each writes bench/out/runs/NAME.json, NAME.requests (when each /logs request was sent) and
# NAME.waits (HookRelay's waits for the rate-limit window) for bench/report.py.

SIM_PID=""
SIM_TOKEN="00bench$(od -An -N15 -tx1 /dev/urandom | tr -d ' \n')"
SIM_READY_TIMEOUT_S=120
# Longest wait for a backlog to be stored: the 60-a-minute budget allows 30 pages (30,000 events) a minute.
RECONCILE_TIMEOUT_S=${BENCH_RECONCILE_TIMEOUT:-600}

now_ms() { date +%s%3N; }

# "exit code N" of a child that has exited (128 + N: killed by signal N).
exit_status() {
    local rc=0
    wait "$1" 2>/dev/null || rc=$?
    echo "exit code $rc"
}

# Starts `hookrelay simulate` with the given flags and waits for its banner. Sets SIM_PID, SIM_PORT
# and BACKLOG_LAST_MS (unix ms of the newest backlog event, from the banner).
start_simulator() {
    local name=$1
    shift
    SIM_PORT=$(free_port)
    (cd "$WORK_DIR" && exec dotnet "$OUT_DIR/hookrelay/hookrelay.dll" simulate --listen "http://127.0.0.1:$SIM_PORT" \
        --api-token "$SIM_TOKEN" --seed 42 "$@") >"$LOG_DIR/$name-simulator.stdout" 2>"$LOG_DIR/$name-simulator.stderr" &
    SIM_PID=$!
    local deadline=$((SECONDS + SIM_READY_TIMEOUT_S)) banner
    until grep -q '^Press Ctrl+C' "$LOG_DIR/$name-simulator.stdout"; do
        is_running "$SIM_PID" || { show_logs "$name-simulator"; fail "$name: the simulator exited during start-up ($(exit_status "$SIM_PID"))"; }
        (( SECONDS < deadline )) || fail "$name: the simulator did not start within ${SIM_READY_TIMEOUT_S}s"
        sleep 0.1
    done
    # "Backlog:  N events published FIRST to LAST, never delivered (an outage)"
    banner=$(sed -n 's/^Backlog: *[0-9]* events published [^ ]* to \([^,]*\),.*/\1/p' "$LOG_DIR/$name-simulator.stdout")
    [[ -n $banner ]] || fail "$name: the simulator printed no backlog line; see $LOG_DIR/$name-simulator.stdout"
    BACKLOG_LAST_MS=$(date -d "$banner" +%s%3N)
}

stop_simulator() {
    [[ -n $SIM_PID ]] || return 0
    kill -TERM "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
    SIM_PID=""
}

# Starts hookrelay serve reconciling the simulator as org "sim" (plus any settings given) and polls
# the store every 0.1 s until `select count(*) ... where PREDICATE` reaches TARGET. Sets DONE_MS.
serve_until_stored() {
    local name=$1 port=$2 predicate=$3 target=$4
    shift 4
    local db=$WORK_DIR/$name/data/hookrelay.db count=0 deadline=$((SECONDS + RECONCILE_TIMEOUT_S))
    mkdir -p "$WORK_DIR/$name"
    start_server "$name" hookrelay "$port" "$WORK_DIR/$name" \
        HOOKRELAY_Okta__Orgs__sim__Domain="http://127.0.0.1:$SIM_PORT" HOOKRELAY_Okta__Orgs__sim__ApiToken="$SIM_TOKEN" \
        HOOKRELAY_Okta__Orgs__sim__Hooks__0=okta 'HOOKRELAY_Logging__LogLevel__System.Net.Http.HttpClient=Information' "$@"
    while (( count < target )); do
        is_running "$SERVER_PID" || { show_logs "$name"; fail "$name: hookrelay exited"; }
        is_running "$SIM_PID" || { show_logs "$name-simulator"; fail "$name: the simulator exited ($(exit_status "$SIM_PID"))"; }
        (( SECONDS < deadline )) || fail "$name: $count of $target backlog events stored after ${RECONCILE_TIMEOUT_S}s"
        sleep 0.1
        count=$(sqlite3 "$db" "select count(*) from events where $predicate" 2>/dev/null) || count=0
    done
    DONE_MS=$(now_ms)
}

# When each /logs request left (HttpClient's log, which serve_until_stored turns on), how long each response took (ms; only /logs is
# called when the hook check is off) and each wait for the window (OktaApiClient 6003, 6001).
extract_requests() {
    local name=$1
    awk '/^[0-9-]+T[0-9:.]+Z / { stamp = $1; next }
         /Sending HTTP request GET .*\/api\/v1\/logs/ { print stamp }' "$LOG_DIR/$name.stderr" >"$RUNS_DIR/$name.requests"
    sed -n 's/^ *Received HTTP response headers after \([0-9.]*\)ms.*/\1/p' "$LOG_DIR/$name.stderr" >"$RUNS_DIR/$name.responses"
    awk '/^[0-9-]+T[0-9:.]+Z / { stamp = $1; next }
         /Used [0-9]+ of [0-9]+ requests on .*waiting|Okta answered 429; waiting/ { sub(/^ +/, ""); print stamp " " $0 }' \
        "$LOG_DIR/$name.stderr" >"$RUNS_DIR/$name.waits"
}

# Backfill: the simulator holds N undelivered events and no rate limit worth the name. The hook
# check is off so that every HTTP response in the log is a /logs page.
run_backfill() {
    local name=backfill events=$1 port start_ms sim0 sim1 server_cpu rss_kb queued first_ms last_ms
    port=$(free_port)
    log "$name: simulator with a backlog of $events undelivered events, no rate limit"
    start_simulator "$name" --rate 0 --backlog "$events" --backlog-span 10m --logs-rate-limit 100000
    read -r sim0 < <(cpu_sample "$SIM_PID" | awk '{ print $1 + $2 }')
    log "$name: hookrelay serve reconciling it until all $events are stored"
    start_ms=$(now_ms)
    serve_until_stored "$name" "$port" 1 "$events" \
        HOOKRELAY_Okta__Orgs__sim__Reconcile__Interval=00:00:01 HOOKRELAY_Okta__Orgs__sim__RateLimitShare=1 \
        HOOKRELAY_Okta__Orgs__sim__HookCheckInterval=00:00:00
    read -r sim1 < <(cpu_sample "$SIM_PID" | awk '{ print $1 + $2 }')
    server_cpu=$(cpu_sample "$SERVER_PID" | awk '{ print $1 + $2 }')
    rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status")
    # Dispatch (the file sink) runs behind the backfill: what was still queued when the last event was stored.
    queued=$(sqlite3 "$WORK_DIR/$name/data/hookrelay.db" "select count(*) from dispatch where state = 0") || queued=null
    read -r first_ms last_ms < <(sqlite3 -separator ' ' "$WORK_DIR/$name/data/hookrelay.db" "select min(received_at), max(received_at) from events")
    stop_server
    stop_simulator
    extract_requests "$name"
    cat >"$RUNS_DIR/$name.json" <<EOF
{"name": "$name", "events": $events, "start_ms": $start_ms, "done_ms": $DONE_MS, "first_received_ms": $first_ms, "last_received_ms": $last_ms,
 "server_cpu_ticks": $server_cpu, "simulator_cpu_ticks": $((sim1 - sim0)), "clk_tck": $(getconf CLK_TCK), "rss_kb": $rss_kb,
 "dispatch_queued_at_done": $queued, "exit_code": $STOP_EXIT_CODE}
EOF
    log "$name: $events events stored $((DONE_MS - start_ms)) ms after start (exit code $STOP_EXIT_CODE)"
}

# After a 10-minute outage: RATE events/s of backlog, live traffic at RATE pushed to HookRelay
# meanwhile, 60 /logs requests a minute and HookRelay's default share and interval.
run_outage() {
    local rate=$1 name="outage-$1" events=$(( $1 * 600 )) port start_ms live last_ms
    port=$(free_port)
    log "$name: simulator with $events events from a 10-minute outage, live traffic at $rate/s, 60 /logs requests a minute"
    start_simulator "$name" --rate "$rate" --backlog "$events" --backlog-span 10m --logs-rate-limit 60 \
        --deliver-to "http://127.0.0.1:$port/hooks/okta" --secret "$SECRET"
    # HookRelay comes back: the outage ends now.
    log "$name: hookrelay serve (defaults: RateLimitShare 0.5, Interval 1 min) until every backlog event is stored"
    start_ms=$(now_ms)
    serve_until_stored "$name" "$port" "published_at <= $BACKLOG_LAST_MS" "$events"
    # When the last backlog page was read (received_at is stamped as a page is parsed), to tell the
    # requests and waits it took from those after it.
    read -r live last_ms < <(sqlite3 -separator ' ' "$WORK_DIR/$name/data/hookrelay.db" \
        "select (select count(*) from events where published_at > $BACKLOG_LAST_MS), (select max(received_at) from events where published_at <= $BACKLOG_LAST_MS)")
    stop_server
    stop_simulator
    extract_requests "$name"
    cat >"$RUNS_DIR/$name.json" <<EOF
{"name": "$name", "rate": $rate, "events": $events, "outage_s": 600, "logs_rate_limit": 60, "rate_limit_share": 0.5, "page_size": 1000,
 "start_ms": $start_ms, "done_ms": $DONE_MS, "last_backlog_received_ms": $last_ms, "live_events_stored": $live, "exit_code": $STOP_EXIT_CODE}
EOF
    log "$name: $events backlog events stored $((DONE_MS - start_ms)) ms after start (exit code $STOP_EXIT_CODE)"
}
