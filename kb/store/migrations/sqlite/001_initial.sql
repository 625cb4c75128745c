-- 1: the first schema
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    ingested_at TEXT,
    doc_no TEXT,
    doc_no_key TEXT,
    doc_no_agency TEXT,
    doc_no_year INTEGER,
    doc_no_number TEXT,
    reg_no TEXT,
    title TEXT,
    doc_type TEXT,
    attachment_title TEXT,
    attachment_type TEXT,
    issuers TEXT,
    province TEXT,
    city TEXT,
    county TEXT,
    issue_date TEXT,
    print_date TEXT,
    effective_from TEXT,
    term TEXT,
    term_stated INTEGER,
    expires_on TEXT,
    validity_basis TEXT,
    version_date TEXT,
    encoding TEXT,
    text TEXT NOT NULL,
    raw_offsets TEXT,
    extraction TEXT NOT NULL
);
CREATE INDEX documents_doc_no_key ON documents(doc_no_key);
CREATE INDEX documents_title ON documents(title);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE TABLE clauses (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    clause_id TEXT NOT NULL,
    label TEXT,
    level INTEGER,
    parent TEXT,
    heading TEXT,
    kind TEXT,
    start INTEGER,
    "end" INTEGER,
    seq INTEGER
);
CREATE INDEX clauses_doc ON clauses(doc_id, clause_id);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    role TEXT,
    value TEXT,
    unit TEXT,
    currency TEXT,
    quote TEXT,
    start INTEGER,
    "end" INTEGER,
    clause_id TEXT,
    extra TEXT
);
CREATE INDEX facts_doc ON facts(doc_id, kind);
CREATE INDEX facts_kind ON facts(kind, role);
CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    from_doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    to_doc_no TEXT,
    to_doc_no_key TEXT,
    to_title TEXT,
    to_doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    quote TEXT,
    start INTEGER,
    "end" INTEGER,
    extra TEXT
);
CREATE INDEX relations_from ON relations(from_doc, kind);
CREATE INDEX relations_to ON relations(to_doc_id, kind);
CREATE INDEX relations_to_key ON relations(to_doc_no_key);
CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    clause_id TEXT,
    topic TEXT,
    confidence TEXT,
    summary TEXT,
    max_amount TEXT,
    currency TEXT,
    rate TEXT,
    thresholds TEXT,
    quote TEXT,
    start INTEGER,
    "end" INTEGER,
    beneficiary TEXT,
    extra TEXT
);
CREATE INDEX measures_doc ON measures(doc_id);
CREATE INDEX measures_topic ON measures(topic);
CREATE TABLE jurisdictions (
    id INTEGER PRIMARY KEY,
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    province TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    county TEXT NOT NULL DEFAULT '',
    parent_id INTEGER REFERENCES jurisdictions(id),
    UNIQUE (level, province, city, county)
);
