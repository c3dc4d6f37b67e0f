-- Each org's running or last backfill started from the admin API or the dashboard, so that every
-- instance on the database shows it and only one runs at a time per org. status is its JSON as the
-- API answers it; job names the run that may write it; lease_until (unix ms) is set while it runs
-- and renewed by the instance running it: once passed, that instance stopped, and another may start one.
CREATE TABLE okta_backfills (
    org         text   PRIMARY KEY,
    job         text   NOT NULL,
    status      text   NOT NULL,
    lease_until bigint,
    updated_at  bigint NOT NULL
);
