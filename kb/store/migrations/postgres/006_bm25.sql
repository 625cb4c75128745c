-- 6: BM25 in the server, as tantivy scores (kb.search.bm25): each search record's word counts per field (tf: a
-- main word's [text, heading, meta] counts, an inner word's under ~word, as the tsvector cannot hold them: inner
-- words share one position, and a lexeme keeps 256 positions at most), its fields' lengths in the order of a Split
-- (text, text inner, heading, heading inner, meta, meta inner: exact, and as tantivy's one-byte fieldnorm keeps
-- them), and per word and field the records holding it (df), with the records' count and the fields' total
-- lengths. The rows written before have none of it: they are dropped with the index's fingerprint, so the
-- index is stale and rebuilt from the store.
DELETE FROM search_records;
DELETE FROM search_meta;
ALTER TABLE search_records ADD COLUMN tf JSONB NOT NULL DEFAULT '{}';
ALTER TABLE search_records ADD COLUMN lengths INTEGER[] NOT NULL DEFAULT '{0,0,0,0,0,0}';
ALTER TABLE search_records ADD COLUMN norms INTEGER[] NOT NULL DEFAULT '{0,0,0,0,0,0}';
CREATE TABLE search_terms (
    term TEXT NOT NULL,
    field SMALLINT NOT NULL,
    df BIGINT NOT NULL,
    PRIMARY KEY (term, field)
);
CREATE INDEX search_terms_gone ON search_terms (term) WHERE df <= 0;
CREATE TABLE search_stats (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    docs BIGINT NOT NULL,
    tokens BIGINT[] NOT NULL
);
INSERT INTO search_stats VALUES (1, 0, '{0,0,0,0,0,0}');
-- how often a phrase (terms, in a row) occurs in one field (its weight letter) of a record
CREATE FUNCTION search_phrase_count(words TSVECTOR, terms TEXT[], weight TEXT) RETURNS INTEGER
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT count(*)::integer FROM (
        SELECT p.pos - t.off AS start
        FROM unnest(terms) WITH ORDINALITY AS t(lexeme, off)
        JOIN unnest(words) AS u ON u.lexeme = t.lexeme
        CROSS JOIN LATERAL unnest(u.positions, u.weights) AS p(pos, w)
        WHERE p.w = weight
        GROUP BY 1 HAVING count(DISTINCT t.off) = cardinality(terms)
    ) AS s
$$
