-- 3: the places held (Store.places, comparisons over every city) and documents by place, from an index rather than a scan of the documents table (whose rows carry the text)
CREATE INDEX documents_place ON documents(province, city);
