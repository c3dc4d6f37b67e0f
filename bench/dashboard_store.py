#!/usr/bin/env python3
"""Fills a HookRelay SQLite store (already migrated) with N events for bench/dashboard.sh.

Okta-shaped deliveries of 50 events, received over the last N * 80 ms (1 M events: about 22 hours),
every 50th event pull-only (missed and recovered), each event dispatched to the file sink 'archive'
and delivered 50 ms later, one in 10,000 a dead letter, and the sink's delivered total to match;
each event's actor and target ids go into event_parties as the receiver writes them. Written
straight into the tables, because posting a million events through HTTP would take the
benchmark's whole budget.
"""
import json
import sqlite3
import sys
import time

path, count = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
now = int(time.time() * 1000)
types = ["user.session.start", "user.authentication.sso", "user.lifecycle.create",
         "group.user_membership.add", "app.user_membership.add", "policy.evaluate_sign_on"]
per = 50


def event(i, kind, published):
    return {
        "uuid": f"u-{i:07d}", "published": published, "eventType": kind, "version": "0", "severity": "INFO",
        "actor": {"id": f"00u{i % 5000}", "type": "User", "alternateId": f"user{i % 5000}@example.com", "displayName": f"User {i % 5000}"},
        "client": {"ipAddress": "203.0.113.7"}, "outcome": {"result": "SUCCESS"},
        "target": [{"id": f"0oa{i % 300}", "type": "AppInstance", "alternateId": f"app{i % 300}"}],
    }


def parties(doc):
    """The event's event_parties rows as (role, value): its actor's ids (1) and its targets' (2), each once."""
    ids = [(1, doc["actor"][key]) for key in ("alternateId", "id")]
    ids += [(2, target[key]) for target in doc["target"] for key in ("alternateId", "id")]
    return list(dict.fromkeys(ids))


cur = db.cursor()
cur.execute("BEGIN")
for d in range(count // per):
    base = now - (count - d * per) * 80
    body = b'{"eventType":"com.okta.event_hook","data":{"events":['
    rows = []
    for k in range(per):
        i = d * per + k
        kind = types[i % len(types)]
        at = base + k * 80
        published = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at / 1000)) + ".%03dZ" % (at % 1000)
        doc = event(i, kind, published)
        data = json.dumps(doc).encode()
        body += (b"," if k else b"")
        rows.append(((f"u-{i:07d}", 0, "okta", kind, published, at, at, None, len(body), len(data), 2 if i % 50 == 0 else 1), parties(doc)))
        body += data
    body += b"]}}"
    cur.execute("INSERT INTO deliveries (hook, envelope_event_id, received_at, event_count, body) VALUES (?, ?, ?, ?, ?)",
                ("okta", f"env-{d}", base, per, body))
    delivery = cur.lastrowid
    for r, ids in rows:
        cur.execute("INSERT INTO events (uuid, uuid_derived, hook, event_type, published, published_at, received_at, delivery_id, json_offset, json_length, provenance) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r[:7] + (delivery,) + r[8:])
        seq, sort_time = cur.lastrowid, r[5]
        cur.executemany("INSERT INTO event_parties (role, value, sort_time, event_seq) VALUES (?, ?, ?, ?)",
                        [(role, value, sort_time, seq) for role, value in ids])
cur.execute("""INSERT INTO dispatch (event_seq, sink, state, attempts, next_attempt_at, created_at, done_at, last_error)
               SELECT seq, 'archive', CASE WHEN seq % 10000 = 0 THEN 2 ELSE 1 END, 1, received_at, received_at, received_at + 50,
                      CASE WHEN seq % 10000 = 0 THEN 'HTTP 400 from the SIEM' END FROM events""")
cur.execute("INSERT INTO sink_totals (sink, delivered) SELECT sink, COUNT(*) FROM dispatch WHERE state = 1 GROUP BY sink")
cur.execute("COMMIT")
print(db.execute("SELECT COUNT(*) FROM events").fetchone()[0])
