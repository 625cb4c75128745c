-- 2: search in the server (kb.search.postgres_engine). One row per search record (a clause, or a document's
-- text outside its clauses): its jieba words as a tsvector (lexemes written as the analysis gives them, so the
-- `simple` configuration's parser never splits Chinese text; weights A = heading, B = text, C = title, 文号,
-- issuers and jurisdiction; inner words prefixed with ~ so that phrases match main words only), the filter
-- columns, and the record's stored fields (payload) for hits and snippets.
CREATE TABLE search_records (
    doc_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    province_key TEXT NOT NULL DEFAULT '',
    city_key TEXT NOT NULL DEFAULT '',
    topics TEXT[] NOT NULL DEFAULT '{}',
    year INTEGER NOT NULL DEFAULT 0,
    start_day INTEGER NOT NULL DEFAULT 0,
    end_day INTEGER NOT NULL,
    amount BIGINT NOT NULL,
    words TSVECTOR NOT NULL,
    payload JSONB NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX search_records_words ON search_records USING GIN (words);
CREATE INDEX search_records_place ON search_records (province_key, city_key);
CREATE INDEX search_records_topics ON search_records USING GIN (topics);

-- what the records were built under (the dictionary fingerprint of kb.search.analysis)
CREATE TABLE search_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
