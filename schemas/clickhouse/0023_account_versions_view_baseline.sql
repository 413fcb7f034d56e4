-- The versions view copies baseline_intensity too (0021, 0022). An account written between
-- the DROP and the CREATE would be missing from monthly_account_versions: run with the
-- processors stopped, as every migration. Both steps can run again.

DROP TABLE IF EXISTS monthly_account_versions_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS monthly_account_versions_mv TO monthly_account_versions AS
SELECT
  org_id, month, tco2e_location, tco2e_market, scope1_tco2e, scope2_tco2e_location,
  scope2_tco2e_market, tce, lines, by_type, value_added_cny, output_value_cny, report_id,
  intensity_value_added, intensity_output, has_intensity, band, industry_section,
  industry_average_intensity, k, grade, provisional, restated, restatement_note, version,
  computed_at, industry_average_basis, industry_orgs, pv_generation_mwh, baseline_intensity,
  registry_version
FROM monthly_accounts;
