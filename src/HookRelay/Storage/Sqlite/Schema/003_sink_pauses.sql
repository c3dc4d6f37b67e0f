-- Circuit-breaker state of each sink, written when a sink is paused or recovers, so that
-- `hookrelay sinks` in another process can show it.
CREATE TABLE sink_pauses (
    sink         TEXT PRIMARY KEY,
    paused_until INTEGER NOT NULL, -- unix milliseconds
    reason       TEXT
);
