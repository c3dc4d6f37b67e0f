-- Each sink's deliveries, all time: the commit that delivers adds its count in the same
-- transaction, so `hookrelay sinks` reads one row per sink instead of counting every delivered
-- dispatch row. Retention and dead-letter purges leave it alone; a replayed event delivered
-- again counts again. Starts from the delivered rows the database holds now.
CREATE TABLE sink_totals (
    sink      text   PRIMARY KEY,
    delivered bigint NOT NULL
);

INSERT INTO sink_totals (sink, delivered)
SELECT sink, COUNT(*) FROM dispatch WHERE state = 1 GROUP BY sink;
