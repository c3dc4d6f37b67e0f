#!/usr/bin/env python3
"""Turns the raw output of bench/run.sh into the Markdown table of bench/results.md.

Reads, for each variant NAME in bench/out/:
  NAME.wrk.txt, NAME.warmup.txt   wrk output with the BENCH_RESULT line of bench/delivery.lua; for a
                                  variant of N servers, one per server: NAME.wrk.K.txt, NAME.warmup.K.txt
  NAME.wrk.txt.cpu                wrk's CPU seconds, user + system (all of its wrks)
  NAME.server.json                peak RSS, CPU ticks (the servers', PostgreSQL's), commits, exit codes
                                  and stored events of the server(s)
and for the System Log reconciliation runs of bench/reconcile.sh:
  backfill.json, outage-RATE.json  times, CPU and counts of the run
  NAME.requests, NAME.responses    when each /logs request left, its response time (ms)
  NAME.waits                       HookRelay's waits for the rate-limit window
Prints the tables and writes the results file. Exits 1 if a HookRelay variant lost a 204.
"""

import argparse
import bisect
import datetime
import json
import math
import os
import platform
import re
import subprocess
import sys

TARGET_RATIO = 0.5
TARGET_P99_MS = 10.0
TARGET_P99_CONNECTIONS = 16
TARGET_RSS_MB = 200.0
TARGET_BACKFILL_RATIO = 0.5  # backfill events/s against group-commit's ingest events/s
EVENTS_PER_DELIVERY = 2  # bench/delivery.lua sends two events per request

DESCRIPTIONS = {
    "reference": "bench/BareKestrel: Kestrel, one endpoint that reads the body and answers 204",
    "group-commit": "hookrelay serve, defaults (group commit: many deliveries per transaction and fsync; every event also dispatched to the zero-config file sink)",
    "naive": "hookrelay serve with HOOKRELAY_Storage__MaxDeliveriesPerCommit=1 (one transaction and fsync per request), dispatching to the file sink",
    "http-sink": "hookrelay serve dispatching to an HTTP sink (a second bare Kestrel on loopback) in batches of 100 instead of the file sink",
    "nats-sink": "hookrelay serve dispatching to NATS JetStream (nats-server on loopback, file storage) in batches of 500 instead of the file sink",
    "postgres": "hookrelay serve with group-commit's defaults (file sink included) on PostgreSQL (`Storage:Provider=postgres`): "
                "a throwaway cluster on this machine, fsync, synchronous_commit and full_page_writes on",
    "postgres-2": "two hookrelay serve instances on one PostgreSQL database, one wrk each (half the connections each), started together",
    "postgres-3": "three hookrelay serve instances on one PostgreSQL database, one wrk each (6, 5 and 5 of the 16 connections), started together",
}


def bench_result(path):
    """The JSON after BENCH_RESULT in a wrk output file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("BENCH_RESULT "):
                return json.loads(line[len("BENCH_RESULT "):])
    sys.exit(f"report: no BENCH_RESULT line in {path}")


def merged_percentile(parts, p):
    """The p-th latency percentile (µs) of all requests of wrks run at once, from each one's
    percentile grid: the smallest latency that at least p % of all requests did not exceed. Each
    wrk's share below a latency is read off its grid (0.1 % steps, 0.01 % above p99), rounded down,
    so the result errs high by at most one step."""
    total = sum(r["requests"] for r in parts)
    grids = [([q for q, _ in r["quantiles"]], [us for _, us in r["quantiles"]]) for r in parts]
    for us in sorted({us for _, values in grids for us in values}):
        below = sum(r["requests"] * (qs[i - 1] if (i := bisect.bisect_right(values, us)) else 0)
                    for r, (qs, values) in zip(parts, grids))
        if below >= p * total - 1e-6:
            return us
    return max(r["max_us"] for r in parts)


def combined(parts):
    """One result for wrks run at once against several servers: counts and req/s added up,
    latency percentiles merged. The parts are kept for the per-instance figures."""
    if len(parts) == 1:
        return parts[0]
    status = {}
    for r in parts:
        for code, count in r["status"].items():
            status[code] = status.get(code, 0) + count
    return {
        "requests": sum(r["requests"] for r in parts),
        "duration_s": max(r["duration_s"] for r in parts),
        "rps": sum(r["rps"] for r in parts),
        "p50_us": merged_percentile(parts, 50),
        "p90_us": merged_percentile(parts, 90),
        "p99_us": merged_percentile(parts, 99),
        "max_us": max(r["max_us"] for r in parts),
        "status": status,
        "non204": sum(r["non204"] for r in parts),
        "errors": {k: sum(r["errors"][k] for r in parts) for k in parts[0]["errors"]},
        "parts": parts,
    }


def load_variant(out_dir, name):
    with open(os.path.join(out_dir, f"{name}.server.json"), encoding="utf-8") as f:
        server = json.load(f)
    instances = server.get("instances", 1)

    def results(run):
        if instances == 1:
            return bench_result(os.path.join(out_dir, f"{name}.{run}.txt"))
        return combined([bench_result(os.path.join(out_dir, f"{name}.{run}.{k}.txt")) for k in range(1, instances + 1)])

    measured, warmup = results("wrk"), results("warmup")
    with open(os.path.join(out_dir, f"{name}.wrk.txt.cpu"), encoding="utf-8") as f:
        wrk_cpu_s = float(f.read())
    return {"name": name, "measured": measured, "warmup": warmup, "server": server, "wrk_cpu_s": wrk_cpu_s}


def ok_count(result):
    return int(result["status"].get("204", 0))


def socket_errors(result):
    e = result["errors"]
    return e["connect"] + e["read"] + e["write"] + e["timeout"]


def durability(v):
    """(verdict, cell text): every 204 of the warm-up and measured runs must be a stored event pair."""
    stored = v["server"]["stored_events"]
    if stored is None:
        return None, "n/a"
    answered = ok_count(v["warmup"]) + ok_count(v["measured"])
    needed = EVENTS_PER_DELIVERY * answered
    ok = stored >= needed
    sign = "≥" if ok else "<"
    return ok, f"{'yes' if ok else 'NO'} ({stored} stored {sign} {EVENTS_PER_DELIVERY} × {answered} 204s)"


def machine():
    def first(path, pattern):
        try:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    m = re.match(pattern, line)
                    if m:
                        return m.group(1).strip()
        except OSError:
            pass
        return "unknown"

    def run(*command):
        # wrk --version prints its version and then exits 1, so the exit code is not checked.
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            return done.stdout + done.stderr if done.returncode == 0 or command[0] == "wrk" else ""
        except OSError:
            return ""

    mem_kb = first("/proc/meminfo", r"MemTotal:\s+(\d+)")
    runtimes = re.findall(r"Microsoft\.NETCore\.App (\S+)", run("dotnet", "--list-runtimes"))
    # The apps target net10.0 and roll forward to the newest installed 10.0 patch.
    runtime = max((r for r in runtimes if r.startswith("10.")), default="unknown",
                  key=lambda r: [int(p) if p.isdigit() else 0 for p in re.split(r"[.-]", r)])
    return {
        "cpus": run("nproc").strip() or str(os.cpu_count()),
        "cpu_model": first("/proc/cpuinfo", r"model name\s*:\s*(.*)"),
        "memory": f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb.isdigit() else "unknown",
        "kernel": platform.release(),
        "sdk": run("dotnet", "--version").strip() or "unknown",
        "runtime": runtime,
        "wrk": (re.search(r"wrk (\S+)", run("wrk", "--version")) or [None, "unknown"])[1],
    }


def ms(us):
    return f"{us / 1000:.2f}"


def fraction(x):
    """A ratio: two decimals, three below 0.1 so that small ratios still tell apart."""
    return f"{x:.2f}" if x >= 0.1 else f"{x:.3f}"


def server_cpu_s(v):
    s = v["server"]
    return (s["cpu_user_ticks"] + s["cpu_sys_ticks"]) / s["clk_tck"]


def postgres_cpu_s(v):
    s = v["server"]
    return None if s.get("postgres_cpu_ticks") is None else s["postgres_cpu_ticks"] / s["clk_tck"]


def machine_busy(v, m):
    """The servers, PostgreSQL and wrk together, as a share of all the machine's CPUs."""
    if not m["cpus"].isdigit():
        return 0
    return (server_cpu_s(v) + (postgres_cpu_s(v) or 0) + v["wrk_cpu_s"]) / v["measured"]["duration_s"] / int(m["cpus"])


def percent(cpu_seconds, wall_seconds):
    return f"{100 * cpu_seconds / wall_seconds:.0f} %"


def build(args):
    variants = [load_variant(args.out, name) for name in args.variants]
    # BENCH_ONLY=reconcile runs no reference: ratios against it are left out.
    reference = next((v for v in variants if v["server"]["kind"] == "reference"), None)
    reference_rps = reference["measured"]["rps"] if reference else None
    m = machine()
    # When the last run ended (its newest output file), so that a report made again from the same
    # files still says when they were measured.
    ended = max(os.path.getmtime(os.path.join(args.out, f)) for f in os.listdir(args.out))
    now = datetime.datetime.fromtimestamp(ended, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    lines = [
        "# HookRelay benchmark results",
        "",
        f"Measured {now} with `bench/run.sh`: each variant ran {args.duration} s after a {args.warmup} s warm-up, "
        f"{args.connections} connections, {args.threads} wrk threads, one variant at a time; wrk (and PostgreSQL, for the "
        "postgres variants) run on the same machine.",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory']} memory, Linux {m['kernel']}; "
        f".NET SDK {m['sdk']}, runtime {m['runtime']}; wrk {m['wrk']}.",
        "",
        "| variant | req/s | ratio vs reference | events/s | p50 ms | p90 ms | p99 ms | non-204 | peak RSS MB | durable |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    lost = False
    for v in variants:
        r, s = v["measured"], v["server"]
        is_reference = s["kind"] == "reference"
        verdict, durable_cell = durability(v)
        lost |= verdict is False
        non204 = str(r["non204"])
        if socket_errors(r):
            non204 += f" (+{socket_errors(r)} socket errors)"
        ratio = fraction(r["rps"] / reference_rps) if reference_rps else "—"
        events = "—" if is_reference else f"{EVENTS_PER_DELIVERY * ok_count(r) / r['duration_s']:,.0f}"
        lines.append(
            f"| {v['name']} | {r['rps']:,.0f} | {ratio} | {events} | "
            f"{ms(r['p50_us'])} | {ms(r['p90_us'])} | {ms(r['p99_us'])} | {non204} | "
            f"{s['rss_kb'] / 1024:.0f} | {durable_cell} |")

    lines += ["", "Variants:", ""]
    lines += [f"- **{v['name']}**: {DESCRIPTIONS.get(v['name'], v['server']['env'])}" for v in variants]

    # The targets are for what ships: HookRelay with its default settings.
    target = next((v for v in variants if v["name"] == "group-commit"), None)
    if target is not None and reference_rps:
        r, s = target["measured"], target["server"]
        ratio, p99, rss = r["rps"] / reference_rps, r["p99_us"] / 1000, s["rss_kb"] / 1024

        def met(ok):
            return "**met**" if ok else "**not met**"

        p99_line = f"- p99 ≤ {TARGET_P99_MS:g} ms at {TARGET_P99_CONNECTIONS} connections: {p99:.2f} ms, "
        if args.connections == TARGET_P99_CONNECTIONS:
            p99_line += met(p99 <= TARGET_P99_MS)
        else:
            p99_line += f"not checked (this run used {args.connections} connections)"
        lines += [
            "",
            "## Targets (group-commit, the default configuration)",
            "",
            f"- ratio vs reference ≥ {TARGET_RATIO}: {fraction(ratio)}, {met(ratio >= TARGET_RATIO)}",
            p99_line,
            f"- peak RSS ≤ {TARGET_RSS_MB:g} MB: {rss:.0f} MB, {met(rss <= TARGET_RSS_MB)}",
        ]

    dispatching = [v for v in variants if v["server"].get("dispatch")]
    if dispatching:
        lines += ["", "## Dispatch while ingesting", "",
                  "Every stored event is also delivered to the sinks its routes name, in the same process, while the load runs. "
                  "Lag is from receipt to delivery at the sink, over every delivered item of the run (warm-up included); "
                  "backlog is what was still queued when the load stopped.", "",
                  "| variant | sinks | delivered | ingested events | backlog at end | lag p50 ms | lag p99 ms |",
                  "|---|---|---:|---:|---:|---:|---:|"]
        for v in dispatching:
            d = v["server"]["dispatch"]
            lines.append(f"| {v['name']} | {d['sinks']} | {d['delivered']:,} | {v['server']['stored_events']:,} | "
                         f"{d['backlog_at_end_of_load']:,} | {d['lag_p50_ms'] if d['lag_p50_ms'] is not None else '—'} | "
                         f"{d['lag_p99_ms'] if d['lag_p99_ms'] is not None else '—'} |")

    lines += postgres_section(variants, reference_rps, m)

    lines += reconciliation(args, target)

    lines += ["", "## CPU during the measured run", "",
              f"The server(s), PostgreSQL (for the postgres variants) and wrk share the machine's {m['cpus']} CPUs; 100 % is one CPU "
              "busy for the whole run. Server CPU adds up all instances of a variant. JIT is the servers' tiered-compilation "
              "thread: well above 0 % means the warm-up was too short. PostgreSQL is the whole cluster: postmaster, "
              "background processes and one backend per hookrelay connection.", "",
              "| variant | server CPU (user + system) | server CPU µs per request | JIT | PostgreSQL CPU | wrk CPU | machine busy |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    saturated = []
    for v in variants:
        r, s = v["measured"], v["server"]
        user_s, system_s = s["cpu_user_ticks"] / s["clk_tck"], s["cpu_sys_ticks"] / s["clk_tck"]
        per_request = (user_s + system_s) * 1e6 / r["requests"] if r["requests"] else 0
        d = r["duration_s"]
        pg_s = postgres_cpu_s(v)
        # Everything on the machine that the run started, as a share of all CPUs: near 100 % the run was CPU-bound.
        busy = machine_busy(v, m)
        if busy >= 0.9:
            saturated.append(v)
        lines.append(f"| {v['name']} | {percent(user_s + system_s, d)} ({percent(user_s, d)} + {percent(system_s, d)}) | "
                     f"{per_request:.0f} | {percent(s['jit_ticks'] / s['clk_tck'], d)} | "
                     f"{'—' if pg_s is None else percent(pg_s, d)} | {percent(v['wrk_cpu_s'], d)} | "
                     f"{100 * busy:.0f} % |")
    for v in saturated:
        lines += ["", f"{v['name']} kept every CPU busy, wrk alone taking {percent(v['wrk_cpu_s'], v['measured']['duration_s'])} "
                  "of one: its req/s is what this machine does with the load generator on board, less than the server "
                  "alone could do."]
        if v["server"]["kind"] == "reference":
            lines[-1] += " Ratios against it are therefore on the generous side."

    lines += [
        "",
        "## How to read this",
        "",
        "- ratio = the variant's req/s ÷ the reference's req/s from this same run; compare ratios, not raw req/s, "
        "across machines and runs.",
        "- Latencies are wrk's percentiles over the measured run, in milliseconds; MB are 2^20 bytes.",
        "- non-204 counts responses with another status; socket errors (connect, read, write, timeouts) are added "
        "in brackets when there were any.",
        f"- durable: after the run the server (every instance) was stopped with SIGTERM and `select count(*) from events` "
        f"(sqlite3 on SQLite, psql on PostgreSQL) had to be at least {EVENTS_PER_DELIVERY} × the 204s wrk saw (warm-up and "
        "measured runs, all wrks). It may be slightly higher: requests still in flight when wrk stops are committed but "
        "their answers are not counted.",
        "- Variants of several instances: req/s and 204s are added up over their wrks; p50/p90/p99 are the merged "
        "latencies of all their requests, from each wrk's percentiles on a 0.1 % grid (0.01 % above p99), so they err "
        "high by at most one grid step; peak RSS is the largest instance's.",
    ]
    exits = [f"{v['name']} exited {v['server']['exit_code']}" for v in variants if v["server"]["exit_code"] != 0]
    if exits:
        lines.append(f"- Not a clean stop after SIGTERM: {', '.join(exits)}.")
    return "\n".join(lines) + "\n", lost


def postgres_section(variants, reference_rps, m):
    """PostgreSQL against SQLite and the reference, and the curve over 1, 2 and 3 instances."""
    pg = sorted((v for v in variants if v["server"]["kind"] == "postgres"), key=lambda v: v["server"].get("instances", 1))
    if not pg:
        return []
    sqlite = next((v for v in variants if v["name"] == "group-commit"), None)
    single = next((v for v in pg if v["server"].get("instances", 1) == 1), None)

    def ratio(v):
        return fraction(v["measured"]["rps"] / reference_rps) if reference_rps else "—"

    def commits(v):
        s, d = v["server"], v["measured"]["duration_s"]
        if not s.get("commits"):
            return "—", "—"
        return f"{s['commits'] / d:,.0f}", f"{v['measured']['requests'] / s['commits']:.1f}"

    lines = ["", "## PostgreSQL, and 1, 2 and 3 instances on one database", "",
             "The same load as above; group-commit is the SQLite store. With several instances each has its own wrk and "
             "its share of the connections, all started together; req/s are added up and latencies merged over all requests. "
             "Commits are the hookrelay group commits (one transaction, one WAL or journal flush each) during the measured run, "
             "all instances together.", "",
             "| variant | store | instances | req/s | ratio vs reference | vs 1 instance | p50 ms | p99 ms | req/s per instance "
             "| p99 ms per instance | commits/s | requests per commit | machine busy |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|"]
    for v in ([sqlite] if sqlite else []) + pg:
        r, s = v["measured"], v["server"]
        n = s.get("instances", 1)
        parts = r.get("parts", [r])
        versus = f"{r['rps'] / single['measured']['rps']:.2f}" if single and v in pg else "—"
        per_s, per_commit = commits(v)
        per_rps = " / ".join(f"{p['rps']:,.0f}" for p in parts)
        per_p99 = " / ".join(ms(p["p99_us"]) for p in parts)
        lines.append(f"| {v['name']} | {'PostgreSQL' if v in pg else 'SQLite'} | {n} | {r['rps']:,.0f} | {ratio(v)} | {versus} | "
                     f"{ms(r['p50_us'])} | {ms(r['p99_us'])} | {per_rps} | {per_p99} | {per_s} | {per_commit} | "
                     f"{100 * machine_busy(v, m):.0f} % |")

    text = []
    if single:
        r1 = single["measured"]
        text.append(f"One instance on PostgreSQL answered {r1['rps']:,.0f} req/s, {ratio(single)} of the bare-Kestrel reference")
        if sqlite:
            rs = sqlite["measured"]
            text[-1] += (f"; SQLite's group commit answered {rs['rps']:,.0f} ({ratio(sqlite)} of the reference), so PostgreSQL did "
                         f"{r1['rps'] / rs['rps']:.2f}× SQLite's req/s, at p50 {ms(r1['p50_us'])} ms and p99 {ms(r1['p99_us'])} ms "
                         f"against SQLite's {ms(rs['p50_us'])} and {ms(rs['p99_us'])} ms.")
        else:
            text[-1] += "."
        curve = [f"{v['server']['instances']} instances: {v['measured']['rps']:,.0f} req/s ({v['measured']['rps'] / r1['rps']:.2f}× one, "
                 f"p99 {ms(v['measured']['p99_us'])} ms)" for v in pg if v is not single]
        if curve:
            text.append("On one database, " + "; ".join(curve) + ".")
        # Each of N instances gets 1/N of the warm-up's requests, so it may still be compiling.
        compiling = [v for v in pg if v["server"]["jit_ticks"] / v["server"]["clk_tck"] / v["measured"]["duration_s"] >= 0.05]
        if compiling:
            text.append(" ".join(
                f"{v['name']}'s instances were still compiling during the measured run (JIT "
                f"{percent(v['server']['jit_ticks'] / v['server']['clk_tck'], v['measured']['duration_s'])} of a CPU, see below): "
                f"each had 1/{v['server']['instances']} of the warm-up's requests, so its figure is on the low side." for v in compiling))
        counted = [v for v in pg if v["server"].get("commits")]
        if len(counted) > 1 and single in counted:
            per_commit = [v["measured"]["requests"] / v["server"]["commits"] for v in counted]
            text.append("Commits per second went " + " → ".join(f"{v['server']['commits'] / v['measured']['duration_s']:,.0f}" for v in counted)
                        + " and requests per commit " + " → ".join(f"{x:.1f}" for x in per_commit)
                        + " from 1 to " + str(counted[-1]["server"]["instances"]) + " instances")
            # Each instance has its own group-commit queue: the load split N ways makes smaller batches.
            if all(a > b for a, b in zip(per_commit, per_commit[1:])):
                text[-1] += ": each instance commits its own batches, so the same load takes more, smaller commits (one WAL flush each)."
            else:
                text[-1] += "."
    cpus = m["cpus"]
    text.append(f"What {cpus} cores allow: wrk, every hookrelay instance and PostgreSQL all run on this machine's {cpus} CPUs, so a "
                "second or third instance brings no CPU of its own; it only adds processes (and their JIT, pools and group-commit "
                "queues) competing for the same cores"
                + (f", which this run's processes kept {', '.join(f'{100 * machine_busy(v, m):.0f} %' for v in pg)} busy "
                   "(other work on this shared machine is not counted)" if cpus.isdigit() else "")
                + ". This curve therefore shows what coordinating several instances on one database costs (more connections, "
                "claims with FOR UPDATE SKIP LOCKED, each instance committing its own smaller batches), not what scaling out "
                "gains. In a real deployment each instance has a machine of its own, and so has PostgreSQL: there each "
                "instance adds CPU, and what they share is the database.")
    return lines + ["", " ".join(text)]


def load_run(out_dir, name):
    """A reconciliation run: its JSON, the /logs request times and the waits for the window (unix ms)."""
    with open(os.path.join(out_dir, f"{name}.json"), encoding="utf-8") as f:
        run = json.load(f)
    with open(os.path.join(out_dir, f"{name}.requests"), encoding="utf-8") as f:
        run["requests"] = [log_ms(line.strip()) for line in f if line.strip()]
    responses = os.path.join(out_dir, f"{name}.responses")
    with open(responses, encoding="utf-8") as f:
        run["responses"] = [float(line) for line in f if line.strip()]
    run["waits"] = []
    with open(os.path.join(out_dir, f"{name}.waits"), encoding="utf-8") as f:
        for line in f:
            # "2026-11-26T14:25:49.160Z Used 30 of 60 requests on /api/v1/logs ...; waiting 00:00:57.1234567 for ..."
            m = re.match(r"(\S+) .*waiting (?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)", line)
            if m:
                days, h, mi, sec = int(m[2] or 0), int(m[3]), int(m[4]), float(m[5])
                run["waits"].append((log_ms(m[1]), ((days * 24 + h) * 60 + mi) * 60_000 + sec * 1000))
    return run


def log_ms(stamp):
    """HookRelay's console timestamp (2026-11-26T14:25:49.160Z) in unix milliseconds."""
    return datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp() * 1000


def seconds(ms):
    return f"{ms / 1000:.1f} s"


def reconciliation(args, group_commit):
    """The backfill and outage sections."""
    lines = []
    if args.backfill:
        b = load_run(args.out, args.backfill)
        elapsed = b["done_ms"] - b["start_ms"]
        rate = b["events"] / elapsed * 1000
        steady = (b["events"] - 1000) / max(b["last_received_ms"] - b["first_received_ms"], 1) * 1000
        cpu_s = b["server_cpu_ticks"] / b["clk_tck"]
        sim_s = b["simulator_cpu_ticks"] / b["clk_tck"]
        ingest = None
        if group_commit is not None:
            r = group_commit["measured"]
            ingest = EVENTS_PER_DELIVERY * ok_count(r) / r["duration_s"]
        ratio = f"{rate / ingest:.2f}" if ingest else "—"
        lines += ["", "## Backfill from the System Log", "",
                  f"`hookrelay simulate --backlog {b['events']}` holds {b['events']:,} events that were never delivered (no live traffic, "
                  "a /logs rate limit of 100,000 a minute); `hookrelay serve` reconciles it (`Reconcile:Interval` 1 s, "
                  "`RateLimitShare` 1, `InitialLookback` 1 h, pages of 1,000, the file sink dispatching). Time runs from starting "
                  "the server until `select count(*) from events` (polled every 0.1 s) holds them all.", "",
                  "| events | start to all stored | events/s | ratio vs group-commit ingest | steady events/s | /logs requests "
                  "| server CPU | simulator CPU | peak RSS MB | dispatch queued when done |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                  f"| {b['events']:,} | {seconds(elapsed)} | {rate:,.0f} | {ratio} | {steady:,.0f} | {len(b['requests'])} | "
                  f"{percent(cpu_s, elapsed / 1000)} | {percent(sim_s, elapsed / 1000)} | {b['rss_kb'] / 1024:.0f} | "
                  f"{b['dispatch_queued_at_done']:,} |", ""]
        target = f"- backfill ≥ {TARGET_BACKFILL_RATIO} of group-commit's ingest events/s ({ingest:,.0f} in this run): {ratio}, " if ingest else ""
        if ingest:
            target += "**met**" if rate / ingest >= TARGET_BACKFILL_RATIO else "**not met**"
            lines.append(target)
        if b["requests"] and b["responses"]:
            per_page = (b["done_ms"] - b["requests"][0]) / len(b["requests"])
            org = sum(b["responses"]) / len(b["responses"])
            lines.append(f"- per page of 1,000 events: {per_page:.0f} ms from one request to the next, of which the simulated org "
                         f"took {org:.0f} ms to answer (mean) and HookRelay {per_page - org:.0f} ms to read, parse and store the page "
                         "and save its cursor; pages are read one at a time.")
        lines += [f"- steady events/s: from the first page stored to the last, leaving out start-up "
                  f"({seconds(b['first_received_ms'] - b['start_ms'])} from starting the server to the first page stored).",
                  "- CPU: the server over the whole run (start-up included), the simulator from the server's start; "
                  "100 % is one CPU busy throughout."]
        if b["exit_code"] != 0:
            lines.append(f"- Not a clean stop after SIGTERM: exit code {b['exit_code']}.")

    if args.outages:
        lines += ["", "## Time to consistency after a 10-minute outage", "",
                  "Ten minutes of traffic were never delivered: `hookrelay simulate --backlog N --backlog-span 10m` published them "
                  "over the 10 minutes before it started. Live traffic at the same rate goes on meanwhile, delivered to HookRelay's "
                  "hook. Okta's budget is 60 /logs requests a minute (`--logs-rate-limit 60`) and HookRelay keeps to its default "
                  "share, 0.5: 30 requests of 1,000 events each per one-minute window. Time runs from starting `hookrelay serve` "
                  "(defaults: `Interval` 1 min, `InitialLookback` 1 h) until every backlog event is stored.", "",
                  "| outage traffic | backlog events | pages | /logs requests until consistent | time to consistency "
                  "| waiting for the budget | budget's floor | steady-rate bound | bound by |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        notes = []
        for name in args.outages:
            o = load_run(args.out, name)
            elapsed = o["done_ms"] - o["start_ms"]
            pages = math.ceil(o["events"] / o["page_size"])
            per_window = math.floor(o["logs_rate_limit"] * o["rate_limit_share"])
            # A window's share may go at once: only the windows before the last one are waited out.
            floor_ms = (math.ceil(pages / per_window) - 1) * 60_000
            steady_min = pages / per_window
            # Up to the moment the last backlog page was read: the waits and requests that brought it.
            last = o["last_backlog_received_ms"]
            waited = sum(max(0, min(at + wait, last) - at) for at, wait in o["waits"] if at < last)
            requests = sum(1 for at in o["requests"] if at <= last)
            bound = "the budget" if waited >= (elapsed - waited) else "HookRelay itself"
            lines.append(f"| {o['rate']} events/s × 10 min | {o['events']:,} | {pages} | {requests} | {seconds(elapsed)} | "
                         f"{seconds(waited)} | {seconds(floor_ms)} | {steady_min:.1f} min | {bound} |")
            if o["exit_code"] != 0:
                notes.append(f"- {name}: not a clean stop after SIGTERM (exit code {o['exit_code']}).")
            if o["live_events_stored"] is not None:
                notes.append(f"- {name}: {o['live_events_stored']:,} live events were stored meanwhile (pushed, or pulled after a failed push).")
        lines += ["",
                  "- pages: backlog events ÷ 1,000; the first read starts an hour back, so its pages hold the backlog and nothing else.",
                  "- waiting for the budget: HookRelay's logged waits for the next window (its share used, or a 429) before the "
                  "last backlog event was stored; the rest of the time is its own work.",
                  "- budget's floor: (⌈pages ÷ 30⌉ − 1) × 1 min, the windows that must pass before the last page may be requested; "
                  "steady-rate bound: pages ÷ 30 a minute, what the budget allows when spread evenly.",
                  *notes]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="bench/out, where run.sh left its files")
    parser.add_argument("--results", required=True, help="the Markdown file to write")
    parser.add_argument("--duration", type=int, required=True)
    parser.add_argument("--warmup", type=int, required=True)
    parser.add_argument("--connections", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--variants", nargs="+", required=True)
    parser.add_argument("--backfill", help="the backfill run's name (bench/reconcile.sh)")
    parser.add_argument("--outages", nargs="*", default=[], help="the outage runs' names (bench/reconcile.sh)")
    args = parser.parse_args()

    text, lost = build(args)
    with open(args.results, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    print(f"Written to {args.results}")
    if lost:
        print("report: a HookRelay variant answered 204 for events that are not in its database.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
