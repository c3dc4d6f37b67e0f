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
-- The event's JSON is not copied: it is the slice [json_offset, json_offset + json_length) of its
-- delivery's body, so every byte Okta sent is written once.
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
    json_offset  INTEGER NOT NULL, -- bytes into deliveries.body
    json_length  INTEGER NOT NULL
);

CREATE INDEX ix_events_published_at ON events (published_at);

-- Events with their JSON exactly as received.
CREATE VIEW event_documents AS
SELECT e.*, CAST(substr(d.body, e.json_offset + 1, e.json_length) AS TEXT) AS json, d.envelope_event_id
FROM events e JOIN deliveries d ON d.id = e.delivery_id;

-- A single row that readiness probes rewrite to prove the store takes writes.
CREATE TABLE probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    written_at INTEGER NOT NULL
);

INSERT INTO probe (id, written_at) VALUES (1, 0);
