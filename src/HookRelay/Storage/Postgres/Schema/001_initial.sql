-- The same tables as the SQLite store (its scripts 001-006 in one), so queries read alike.
-- Times are unix milliseconds (bigint), as in SQLite.

-- Every POST from Okta, kept whole so it can be replayed or audited.
CREATE TABLE deliveries (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hook              text    NOT NULL,
    envelope_event_id text,
    source            text,
    event_time        text,
    received_at       bigint  NOT NULL,
    event_count       integer NOT NULL,
    body              bytea   NOT NULL
);

CREATE UNIQUE INDEX ux_deliveries_envelope_event_id
    ON deliveries (envelope_event_id) WHERE envelope_event_id IS NOT NULL;

-- One row per System Log event. Its JSON is the slice [json_offset, json_offset + json_length)
-- of its delivery's body. provenance: 1 pushed by an event hook, 2 pulled from the System Log, 3 both.
CREATE TABLE events (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid         text     NOT NULL UNIQUE,
    uuid_derived boolean  NOT NULL,
    hook         text     NOT NULL,
    event_type   text,
    published    text,
    published_at bigint,
    received_at  bigint   NOT NULL,
    delivery_id  bigint   NOT NULL,
    json_offset  integer  NOT NULL,
    json_length  integer  NOT NULL,
    provenance   smallint NOT NULL DEFAULT 1
);

CREATE INDEX ix_events_published_hook ON events (published_at, hook);
CREATE INDEX ix_events_delivery ON events (delivery_id);
CREATE INDEX ix_events_pull_only ON events (published_at) WHERE provenance = 2;
CREATE INDEX ix_events_pull_only_received ON events (received_at) WHERE provenance = 2;

-- A single row that readiness probes rewrite to prove the store takes writes.
CREATE TABLE probe (
    id         integer PRIMARY KEY CHECK (id = 1),
    written_at bigint  NOT NULL
);
INSERT INTO probe (id, written_at) VALUES (1, 0);

-- The dispatch work queue: one row per (event, sink), written in the same transaction as the
-- event. state: 0 pending, 1 delivered, 2 dead letter. Instances claim rows with
-- FOR UPDATE SKIP LOCKED and lease them until lease_until.
CREATE TABLE dispatch (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_seq       bigint   NOT NULL,
    sink            text     NOT NULL,
    state           smallint NOT NULL DEFAULT 0,
    attempts        integer  NOT NULL DEFAULT 0,
    next_attempt_at bigint   NOT NULL,
    lease_until     bigint,
    last_error      text,
    created_at      bigint   NOT NULL,
    done_at         bigint,
    UNIQUE (event_seq, sink)
);

CREATE INDEX ix_dispatch_pending ON dispatch (sink, next_attempt_at) WHERE state = 0;
CREATE INDEX ix_dispatch_dead ON dispatch (sink, done_at) WHERE state = 2;

-- Circuit-breaker state of each sink, so every instance and the CLI can show it.
CREATE TABLE sink_pauses (
    sink         text PRIMARY KEY,
    paused_until bigint NOT NULL,
    reason       text
);

-- The System Log cursor of each Okta org (Okta's opaque next link) and where it stands.
CREATE TABLE okta_cursors (
    org          text PRIMARY KEY,
    next_url     text   NOT NULL,
    updated_at   bigint NOT NULL,
    position_at  bigint,
    caught_up_at bigint
);

-- Okta's own record of deliveries it gave up on (event_hook.delivery).
CREATE TABLE okta_delivery_failures (
    uuid         text PRIMARY KEY,
    org          text   NOT NULL,
    published_at bigint NOT NULL,
    hook_id      text,
    hook_name    text,
    reason       text
);
CREATE INDEX ix_okta_delivery_failures_org ON okta_delivery_failures (org, published_at);

-- The latest health report of each org as JSON, for the CLI.
CREATE TABLE okta_org_health (
    org        text PRIMARY KEY,
    checked_at bigint NOT NULL,
    report     text   NOT NULL
);
