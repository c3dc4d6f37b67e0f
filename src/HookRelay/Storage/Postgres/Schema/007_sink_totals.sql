-- Each sink's deliveries, all time: the commit that delivers adds its count in the same
-- transaction, so `hookrelay sinks` reads a few rows per sink instead of counting every delivered
-- dispatch row. Retention and dead-letter purges leave it alone; a replayed event delivered
-- again counts again. A sink's total is the sum of its rows: each writer adds to the row of its
-- slot (its backend's pid modulo 8), so instances delivering to the same sink rarely wait on
-- each other's commit for one row. Starts from the delivered rows the database holds now.
CREATE TABLE sink_totals (
    sink      text     NOT NULL,
    slot      smallint NOT NULL,
    delivered bigint   NOT NULL,
    PRIMARY KEY (sink, slot)
);

INSERT INTO sink_totals (sink, slot, delivered)
SELECT sink, 0, COUNT(*) FROM dispatch WHERE state = 1 GROUP BY sink;
