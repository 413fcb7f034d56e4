-- baseline_intensity: the agreed baseline (tCO2e per 10,000 CNY of value added) from the org
-- registry that the account's intensity-reduction credits were computed against; 0 when the
-- org has none. It is a figure of the account, so a registry change of the baseline restates
-- the month with a note and the ledger writer adjusts the credit
-- (services/account-processor). -1: written before this column existed; the next version
-- fills it in without calling it a change.
--
-- One ALTER per file (0021, 0022), as 0018: ClickHouse 18.16 has no ADD COLUMN IF NOT
-- EXISTS. 0023 has the versions view copy the column. Run with the processors stopped.

ALTER TABLE monthly_accounts ADD COLUMN baseline_intensity Float64 DEFAULT -1 AFTER pv_generation_mwh;
