-- The dispatch work queue: one row per (event, sink) that a route selected, written in the same
-- transaction as the event. state: 0 pending, 1 delivered, 2 dead letter.
CREATE TABLE dispatch (
    id              INTEGER PRIMARY KEY,
    event_seq       INTEGER NOT NULL,
    sink            TEXT    NOT NULL,
    state           INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL, -- unix milliseconds
    lease_until     INTEGER,          -- unix milliseconds; claimed by a worker until then
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER,
    UNIQUE (event_seq, sink)
);

CREATE INDEX ix_dispatch_pending ON dispatch (sink, next_attempt_at) WHERE state = 0;
CREATE INDEX ix_dispatch_dead ON dispatch (sink, done_at) WHERE state = 2;
