-- The 24-hour count per org (Okta's daily cap) reads hook from the index, not from each row.
DROP INDEX ix_events_published_at;
CREATE INDEX ix_events_published_hook ON events (published_at, hook);

-- Missed-event counting looks for pull-only events stored since its last look.
CREATE INDEX ix_events_pull_only_received ON events (received_at) WHERE provenance = 2;
