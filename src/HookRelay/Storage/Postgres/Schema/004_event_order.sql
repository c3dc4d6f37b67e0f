-- The admin API lists events newest first by this key, a page at a time: with the index a page
-- is read, not the whole table sorted.
CREATE INDEX ix_events_order ON events ((COALESCE(published_at, received_at)), seq);
