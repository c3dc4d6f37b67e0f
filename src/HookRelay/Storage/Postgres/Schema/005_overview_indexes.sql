-- The dashboard's overview counts events received and items delivered per minute, and retention
-- finds old events by receipt: both read these instead of every row.
CREATE INDEX ix_events_received ON events (received_at);
CREATE INDEX ix_dispatch_done ON dispatch (done_at) WHERE state = 1;
