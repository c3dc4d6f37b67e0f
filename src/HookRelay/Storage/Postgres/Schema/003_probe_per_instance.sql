-- Each instance's readiness probe rewrites a row of its own: with one shared row, every probe
-- waited on the other instances' commits (and could deadlock with them).
ALTER TABLE probe DROP CONSTRAINT probe_id_check;
ALTER TABLE probe ALTER COLUMN id TYPE bigint;
