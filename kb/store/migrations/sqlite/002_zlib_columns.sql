-- 2: documents.text, .extraction and .raw_offsets hold zlib-compressed UTF-8 (BLOB) from now on; rows written before keep plain text, which reads the same. A policykb that knows only schema 1 refuses this store rather than misreading those columns.
CREATE TABLE store_format (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO store_format (key, value) VALUES ('zlib_columns', 'documents.text documents.extraction documents.raw_offsets');
