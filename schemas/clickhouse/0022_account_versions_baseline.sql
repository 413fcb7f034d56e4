-- The history of versions keeps the baseline each version was computed against (see 0021).

ALTER TABLE monthly_account_versions ADD COLUMN baseline_intensity Float64 DEFAULT -1 AFTER pv_generation_mwh;
