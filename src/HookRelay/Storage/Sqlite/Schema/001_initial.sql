-- Every POST from Okta, kept whole so it can be replayed or audited.
CREATE TABLE deliveries (
    id                INTEGER PRIMARY KEY,
    hook              TEXT    NOT NULL,
    envelope_event_id TEXT,
    source            TEXT,
    event_time        TEXT,
    received_at       INTEGER NOT NULL, -- unix milliseconds
    event_count       INTEGER NOT NULL,
    body              BLOB    NOT NULL
);

CREATE UNIQUE INDEX ux_deliveries_envelope_event_id
    ON deliveries (envelope_event_id) WHERE envelope_event_id IS NOT NULL;

-- One row per System Log event; uuid is Okta's, or 'sha256:…' of the event when Okta sent none.
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    uuid_derived INTEGER NOT NULL,
    hook         TEXT    NOT NULL,
    event_type   TEXT,
    published    TEXT,
    published_at INTEGER,          -- unix milliseconds, when published parses
    received_at  INTEGER NOT NULL, -- unix milliseconds
    delivery_id  INTEGER NOT NULL,
    json         TEXT    NOT NULL  -- the event exactly as received
);

CREATE INDEX ix_events_published_at ON events (published_at);

-- A single row that readiness probes rewrite to prove the store takes writes.
CREATE TABLE probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    written_at INTEGER NOT NULL
);

INSERT INTO probe (id, written_at) VALUES (1, 0);
