-- Consents an org grants a bank, one row per change (grant, renewal, revocation). The
-- current state of (org, bank, purpose) is the highest version; the API reads it on every
-- bank request, so a revocation by any API instance holds from the next request on.
CREATE TABLE IF NOT EXISTS consents (
  org_id String,
  bank_id String,
  purpose String,
  granted_at DateTime,
  expires_at DateTime,
  revoked UInt8,
  changed_at DateTime,
  changed_by String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (org_id, bank_id, purpose);

-- Every bank data pull, readable by the org. Written before the data is sent: a pull
-- that could not be logged is refused.
CREATE TABLE IF NOT EXISTS bank_access_log (
  org_id String,
  bank_id String,
  key_id String,
  purpose String,
  endpoint String,
  query String,
  at DateTime
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY (org_id, at, bank_id);

-- Emission-reduction projects an org registers: a set of its meters and the monthly
-- emissions of those meters before the project (the baseline). A re-registration with the
-- same id is a new version.
CREATE TABLE IF NOT EXISTS projects (
  org_id String,
  project_id String,
  name String,
  meter_ids Array(String),
  baseline_tco2e_per_month Float64,
  start_month String,
  registered_at DateTime,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (org_id, project_id);
