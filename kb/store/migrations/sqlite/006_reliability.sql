-- 6: reliability. index_outbox holds the documents written (or removed) whose search-index entries are not yet committed: a row is added in the transaction that writes or deletes the document and dropped only after the index commit, so a crash between the two leaves the gap recorded and the next ingest or search repairs it. text_hash (SHA-256 of the normalized text) is unique: the same text read from another file or encoding is one document, even for two ingests at once. original_name keeps an upload's own file name (stored under its content hash). conflict_with names the stored document whose 文号 this one repeats with another text and no version to tell them apart.
CREATE TABLE index_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id INTEGER NOT NULL);
ALTER TABLE documents ADD COLUMN text_hash TEXT;
CREATE UNIQUE INDEX documents_text_hash ON documents(text_hash);
ALTER TABLE documents ADD COLUMN original_name TEXT;
ALTER TABLE documents ADD COLUMN conflict_with INTEGER;
