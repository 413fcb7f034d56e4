-- Every version of every monthly account, kept for good. monthly_accounts is a
-- ReplacingMergeTree keyed by (org_id, month): background merges keep only its newest
-- version, so the versions a restatement replaced would disappear from it. This table is
-- a plain MergeTree filled by a view on each insert into monthly_accounts, so the history
-- of restatements (restated, restatement_note, what was published before) stays.
-- Ordered like monthly_accounts plus version: "the history of this org's month".
CREATE TABLE IF NOT EXISTS monthly_account_versions (
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
  computed_at DateTime,
  industry_average_basis String,
  industry_orgs UInt32,
  pv_generation_mwh Float64,
  registry_version UInt64
) ENGINE = MergeTree()
PARTITION BY substring(month, 1, 4)
ORDER BY (org_id, month, version);

CREATE MATERIALIZED VIEW IF NOT EXISTS monthly_account_versions_mv TO monthly_account_versions AS
SELECT
  org_id, month, tco2e_location, tco2e_market, scope1_tco2e, scope2_tco2e_location,
  scope2_tco2e_market, tce, lines, by_type, value_added_cny, output_value_cny, report_id,
  intensity_value_added, intensity_output, has_intensity, band, industry_section,
  industry_average_intensity, k, grade, restated, restatement_note, version, computed_at,
  industry_average_basis, industry_orgs, pv_generation_mwh, registry_version
FROM monthly_accounts;
