-- 4: measures keep the extractor's typed Measure whole (record: Measure.to_dict(), every Decimal an exact string), the clause label as printed, the amount that is certain and how the amount is known; max_amount is the upper bound
ALTER TABLE measures ADD COLUMN record TEXT;
ALTER TABLE measures ADD COLUMN clause_label TEXT;
ALTER TABLE measures ADD COLUMN certain_amount TEXT;
ALTER TABLE measures ADD COLUMN amount_basis TEXT;
ALTER TABLE measures ADD COLUMN domain TEXT;
