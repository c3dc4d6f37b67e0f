-- Where each org's cursor stands: the published time of the last event read, and when a pass last
-- reached the end of the System Log (everything logged before it has been compared).
ALTER TABLE okta_cursors ADD COLUMN position_at INTEGER;
ALTER TABLE okta_cursors ADD COLUMN caught_up_at INTEGER;

-- Okta's own record of deliveries it gave up on (event_hook.delivery), read from the System Log.
CREATE TABLE okta_delivery_failures (
    uuid         TEXT PRIMARY KEY,
    org          TEXT    NOT NULL,
    published_at INTEGER NOT NULL,
    hook_id      TEXT,
    hook_name    TEXT,
    reason       TEXT
);
CREATE INDEX ix_okta_delivery_failures_org ON okta_delivery_failures (org, published_at);

-- The latest health report of each org (credentials, hooks, daily volume) as JSON, for the CLI.
CREATE TABLE okta_org_health (
    org        TEXT PRIMARY KEY,
    checked_at INTEGER NOT NULL,
    report     TEXT    NOT NULL
);

-- Events only the System Log had: few, and what "missed" is counted from.
CREATE INDEX ix_events_pull_only ON events (published_at) WHERE provenance = 2;
