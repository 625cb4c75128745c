-- 4 (sqlite 005): each version's own dates and what the publishing platform said (see the SQLite migration)
ALTER TABLE documents ADD COLUMN original_effective_from DATE;
ALTER TABLE documents ADD COLUMN version JSONB;
ALTER TABLE documents ADD COLUMN platform JSONB;
