-- Monthly carbon accounts, one row per computation that changed something. The current
-- account is the highest version; earlier versions stay, and restated = 1 marks a
-- version that replaced published figures (restatements are recorded, never silent).
CREATE TABLE IF NOT EXISTS monthly_accounts (
  org_id String,
  month String,
  tco2e_location Float64,
  tco2e_market Float64,
  scope1_tco2e Float64,
  scope2_tco2e_location Float64,
  scope2_tco2e_market Float64,
  tce Float64,
  lines Int64,
  by_type String,
  value_added_cny Float64,
  output_value_cny Float64,
  report_id String,
  intensity_value_added Float64,
  intensity_output Float64,
  has_intensity UInt8,
  band String,
  industry_section String,
  industry_average_intensity Float64,
  k Float64,
  grade UInt8,
  restated UInt8,
  restatement_note String,
  version UInt64,
  computed_at DateTime
) ENGINE = ReplacingMergeTree(version)
PARTITION BY substring(month, 1, 4)
ORDER BY (org_id, month);

-- The carbon-asset ledger: append-only entries (issue, retire, adjust), numbered per org;
-- each carries the hash of the org's previous entry, so a changed, removed or reordered
-- entry breaks the chain (packages/accounting ledger-hash.ts).
CREATE TABLE IF NOT EXISTS ledger (
  org_id String,
  seq UInt64,
  entry_id String,
  kind String,
  methodology_id String,
  methodology_version UInt32,
  month String,
  tco2e Float64,
  basis String,
  factor_ids Array(String),
  factor_versions Array(UInt32),
  previous_hash String,
  hash String,
  created_at String
) ENGINE = MergeTree()
ORDER BY (org_id, seq);
