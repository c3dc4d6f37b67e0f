-- What the admin API's actor and target search matches, so it reads an index instead of every
-- event's JSON: the alternateId and id of each event's actor (role 1) and of each of its targets
-- (role 2), each once, written with the event. sort_time is the event's listing order key,
-- COALESCE(published_at, received_at): a search walks one value's rows newest first and stops
-- after a page. Compared byte for byte (C), as the search always has.
CREATE TABLE event_parties (
    role      smallint NOT NULL,
    value     text     COLLATE "C" NOT NULL,
    sort_time bigint   NOT NULL,
    event_seq bigint   NOT NULL
);

-- The parties of the events seq in [first_seq, last_seq), read from their JSON as the receiver
-- reads them: string values only, of an actor that is an object and of targets that are objects
-- in an array.
CREATE FUNCTION pg_temp.hookrelay_fill_event_parties(first_seq bigint, last_seq bigint) RETURNS void LANGUAGE sql AS $fill$
    WITH documents AS (
        SELECT e.seq, COALESCE(e.published_at, e.received_at) AS sort_time,
               convert_from(substring(d.body FROM e.json_offset + 1 FOR e.json_length), 'UTF8')::json AS doc
        FROM events e JOIN deliveries d ON d.id = e.delivery_id
        WHERE e.seq >= first_seq AND e.seq < last_seq)
    INSERT INTO event_parties (role, value, sort_time, event_seq)
    SELECT 1, a.value #>> '{}', doc.sort_time, doc.seq
    FROM documents doc, json_each(CASE WHEN json_typeof(doc.doc -> 'actor') = 'object' THEN doc.doc -> 'actor' END) a
    WHERE a.key IN ('alternateId', 'id') AND json_typeof(a.value) = 'string'
    UNION
    SELECT 2, p.value #>> '{}', doc.sort_time, doc.seq
    FROM documents doc,
         json_array_elements(CASE WHEN json_typeof(doc.doc -> 'target') = 'array' THEN doc.doc -> 'target' END) t,
         json_each(CASE WHEN json_typeof(t) = 'object' THEN t END) p
    WHERE p.key IN ('alternateId', 'id') AND json_typeof(p.value) = 'string';
$fill$;

-- Without JIT: PostgreSQL guesses a batch costs enough to compile it, which takes longer than
-- the batch itself.
SET LOCAL jit = off;

-- The events stored before this script, 10,000 at a time. PostgreSQL's json refuses some text
-- the receiver stores (\u0000, a lone surrogate such as \ud800); a batch holding such an event
-- is done again one event at a time, and that event is left out (an actor or target search
-- failed on it before this script, too).
DO $backfill$
DECLARE
    batch_first bigint := 0;
    last_seq    bigint := (SELECT COALESCE(MAX(seq), 0) FROM events);
    one         bigint;
BEGIN
    WHILE batch_first <= last_seq LOOP
        BEGIN
            PERFORM pg_temp.hookrelay_fill_event_parties(batch_first, batch_first + 10000);
        EXCEPTION WHEN data_exception THEN
            FOR one IN SELECT seq FROM events WHERE seq >= batch_first AND seq < batch_first + 10000 LOOP
                BEGIN
                    PERFORM pg_temp.hookrelay_fill_event_parties(one, one + 1);
                EXCEPTION WHEN data_exception THEN
                    NULL;
                END;
            END LOOP;
        END;
        batch_first := batch_first + 10000;
    END LOOP;
END
$backfill$;

DROP FUNCTION pg_temp.hookrelay_fill_event_parties(bigint, bigint);

-- Built after the rows are in, which is faster than keeping them up to date while filling.
ALTER TABLE event_parties ADD PRIMARY KEY (role, value, sort_time, event_seq);
-- Retention deletes an event's rows by its seq.
CREATE INDEX ix_event_parties_event ON event_parties (event_seq);
