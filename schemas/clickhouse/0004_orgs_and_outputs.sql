-- The org registry (loaded from a JSON file, updatable: a new load is a new version).
CREATE TABLE IF NOT EXISTS orgs (
  org_id String,
  name String,
  industry_code String,
  industry_section String,
  town String,
  region_code String,
  baseline_intensity Float64,
  has_baseline UInt8,
  version UInt64,
  updated_at DateTime
) ENGINE = ReplacingMergeTree(version)
ORDER BY org_id;

-- Monthly output reports (org.outputs.v1). A corrected report for the same month wins by
-- version (reportedAt, then Kafka order); every report stays for the record.
CREATE TABLE IF NOT EXISTS org_outputs (
  org_id String,
  month String,
  report_id String,
  output_value_cny Float64,
  value_added_cny Float64,
  reported_at DateTime,
  version UInt64,
  received_at DateTime
) ENGINE = ReplacingMergeTree(version)
ORDER BY (org_id, month, report_id);
