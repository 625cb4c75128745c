-- 3 (sqlite 004): measures keep the extractor's typed Measure whole (record: Measure.to_dict(), every Decimal an exact string), the clause label as printed, the amount that is certain (NUMERIC) and how the amount is known
ALTER TABLE measures ADD COLUMN record JSONB;
ALTER TABLE measures ADD COLUMN clause_label TEXT;
ALTER TABLE measures ADD COLUMN certain_amount NUMERIC;
ALTER TABLE measures ADD COLUMN amount_basis TEXT;
ALTER TABLE measures ADD COLUMN domain TEXT;
