-- Everything the Okta page, `hookrelay reconcile status` and the overview ask of events read back
-- from the System Log (missed by type and hour, awaiting push, recovery times, the day's count)
-- answered from one index, an index-only scan once vacuumed: without it the report read each
-- pulled event's row. seq is included for the fingerprint (count, highest seq) that tells whether
-- the pulled rows changed since the report last read them.
CREATE INDEX ix_events_pull_only_report ON events (hook, published_at) INCLUDE (received_at, event_type, seq) WHERE provenance = 2;
