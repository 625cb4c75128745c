-- 7: postings for BM25 (kb.search.postgres_engine): per word and field, the records holding it with its count
-- (tf) and the field's fieldnorm (norm: of the main or the inner words' column, as the word is), so that a search
-- scores a word by one index-only scan of the primary key instead of reading every candidate's JSONB counts. A
-- main word also keeps its positions in the field, for phrases: in the key's index (`at`) up to 64 of them, in
-- the row (`positions`) beyond (a long record's common word would overflow an index tuple). Filled here from the
-- records held (their tf and norms, the positions from the tsvector, capped as it caps them), so an existing
-- index searches the same at once. `search_records_filters` lets the filters be read from an index alone.
CREATE TABLE search_postings (
    term TEXT NOT NULL,
    field SMALLINT NOT NULL,
    doc_id BIGINT NOT NULL,
    seq INTEGER NOT NULL,
    tf INTEGER NOT NULL,
    norm INTEGER NOT NULL,
    at INTEGER[],
    positions INTEGER[]
);
INSERT INTO search_postings (term, field, doc_id, seq, tf, norm, at, positions)
SELECT t.term, t.field, r.doc_id, r.seq, t.tf,
       r.norms[2 * t.field + CASE WHEN left(t.term, 1) = '~' THEN 2 ELSE 1 END],
       CASE WHEN cardinality(t.positions) <= 64 THEN t.positions END,
       CASE WHEN cardinality(t.positions) > 64 THEN t.positions END
FROM search_records r
CROSS JOIN LATERAL (
    SELECT c.term, c.field, c.tf, p.positions
    FROM (SELECT e.key AS term, f.i::smallint AS field, (e.value ->> f.i)::int AS tf
          FROM jsonb_each(r.tf) AS e, generate_series(0, 2) AS f(i) WHERE (e.value ->> f.i)::int > 0) AS c
    LEFT JOIN (SELECT u.lexeme, at.w, array_agg(at.pos ORDER BY at.pos) AS positions
               FROM unnest(r.words) AS u, unnest(u.positions, u.weights) AS at(pos, w) GROUP BY 1, 2) AS p
        ON p.lexeme = c.term AND p.w = (ARRAY['B', 'A', 'C'])[c.field + 1] AND left(c.term, 1) <> '~'
) AS t;
-- the key built once over the rows (faster than row by row)
ALTER TABLE search_postings ADD PRIMARY KEY (term, field, doc_id, seq) INCLUDE (tf, norm, at);
ANALYZE search_postings;
CREATE INDEX search_records_filters ON search_records (doc_id, seq)
    INCLUDE (province_key, city_key, topics, year, start_day, end_day, amount);
-- a search reads the postings and the filters from indexes alone only where the table's pages are marked all
-- visible, which vacuum does: vacuumed after every 100,000 rows written (analyzed after a million) rather than after a fifth
-- of the table, so that after an ingest little is left to vacuum and the searches do not wait on it
ALTER TABLE search_postings SET (autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold =
    100000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000000);
ALTER TABLE search_records SET (autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold =
    5000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000)
