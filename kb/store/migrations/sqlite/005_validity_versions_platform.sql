-- 5: validity as legal staff need it (issue 12): each version's own dates and what the publishing platform said. version is the extractor's {effective_from, inferred, basis}; original_effective_from the text's own 施行 clause where the version took effect on another day; platform the metadata read at ingest from metadata.json or NAME.meta.json (JSON, a second source beside the text, never merged into it)
ALTER TABLE documents ADD COLUMN original_effective_from TEXT;
ALTER TABLE documents ADD COLUMN version TEXT;
ALTER TABLE documents ADD COLUMN platform TEXT;
