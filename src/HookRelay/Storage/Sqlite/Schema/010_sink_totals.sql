-- Each sink's deliveries, all time: the completion that delivers adds to it in the same
-- transaction, so `hookrelay sinks` reads one row per sink instead of counting every delivered
-- dispatch row. Retention and dead-letter purges leave it alone; a replayed event delivered
-- again counts again. Starts from the delivered rows the store holds now.
CREATE TABLE sink_totals (
    sink      TEXT    PRIMARY KEY,
    delivered INTEGER NOT NULL
);

INSERT INTO sink_totals (sink, delivered)
SELECT sink, COUNT(*) FROM dispatch WHERE state = 1 GROUP BY sink;
