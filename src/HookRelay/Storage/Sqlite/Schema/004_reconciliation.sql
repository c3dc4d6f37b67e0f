-- Where each event came from: 1 pushed by an event hook, 2 pulled from the System Log, 3 both.
ALTER TABLE events ADD COLUMN provenance INTEGER NOT NULL DEFAULT 1;

-- The System Log polling cursor of each Okta org: Okta's opaque next link, kept as it was given.
CREATE TABLE okta_cursors (
    org        TEXT PRIMARY KEY,
    next_url   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
