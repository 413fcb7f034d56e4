-- One emission line per reading version: scope, figures and the factor records used
-- (provenance of every figure the API returns). Same versioning and collapsing rule as
-- readings. month is the China-time month of period_start, the accounting month.
-- A line that corrects an earlier version of its reading carries that version's figures
-- in prev_* (prev_version > 0), so the views below can take them out again in the same
-- INSERT. The processor writes a reading version only once: it looks up the current
-- version first and skips exact re-deliveries, so the sums the views keep are exact.
CREATE TABLE IF NOT EXISTS emission_lines (
  org_id String,
  reading_id String,
  meter_id String,
  source String,
  type String,
  scope UInt8,
  category String,
  period_start DateTime,
  period_end DateTime,
  month String,
  activity Float64,
  activity_unit String,
  tco2e_location Float64,
  tco2e_market Float64,
  tce Float64,
  factor_ids Array(String),
  factor_versions Array(UInt32),
  gwp_set String,
  content_hash String,
  version UInt64,
  computed_at DateTime,
  prev_version UInt64,
  prev_scope UInt8,
  prev_type String,
  prev_period_start DateTime,
  prev_tco2e_location Float64,
  prev_tco2e_market Float64,
  prev_tce Float64,
  prev_activity Float64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(period_start, 'Asia/Shanghai')
ORDER BY (org_id, reading_id);

-- Hourly, daily and monthly sums per org, scope and type (the API's series and account
-- queries read these, never the raw lines). SummingMergeTree folds rows with the same key
-- as parts merge; queries still sum() with GROUP BY because merges are eventual.
-- Ordered org-first: every enterprise query filters by org_id. Each view turns a line into
-- +1 × its figures and, for a correction, −1 × the figures it replaces (ARRAY JOIN [1, -1]).

CREATE TABLE IF NOT EXISTS emissions_hourly (
  org_id String,
  hour DateTime,
  scope UInt8,
  type String,
  tco2e_location Float64,
  tco2e_market Float64,
  tce Float64,
  activity Float64,
  lines Int64
) ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(hour, 'Asia/Shanghai')
ORDER BY (org_id, hour, scope, type);

CREATE MATERIALIZED VIEW IF NOT EXISTS emissions_hourly_mv TO emissions_hourly AS
SELECT
  org_id,
  if(s = 1, toStartOfHour(period_start), toStartOfHour(prev_period_start)) AS hour,
  if(s = 1, scope, prev_scope) AS scope,
  if(s = 1, type, prev_type) AS type,
  s * if(s = 1, tco2e_location, prev_tco2e_location) AS tco2e_location,
  s * if(s = 1, tco2e_market, prev_tco2e_market) AS tco2e_market,
  s * if(s = 1, tce, prev_tce) AS tce,
  s * if(s = 1, activity, prev_activity) AS activity,
  toInt64(s) AS lines
FROM emission_lines
ARRAY JOIN [1, -1] AS s
WHERE s = 1 OR prev_version > 0;

CREATE TABLE IF NOT EXISTS emissions_daily (
  org_id String,
  day Date,
  scope UInt8,
  type String,
  tco2e_location Float64,
  tco2e_market Float64,
  tce Float64,
  activity Float64,
  lines Int64
) ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (org_id, day, scope, type);

CREATE MATERIALIZED VIEW IF NOT EXISTS emissions_daily_mv TO emissions_daily AS
SELECT
  org_id,
  if(s = 1, toDate(period_start, 'Asia/Shanghai'), toDate(prev_period_start, 'Asia/Shanghai')) AS day,
  if(s = 1, scope, prev_scope) AS scope,
  if(s = 1, type, prev_type) AS type,
  s * if(s = 1, tco2e_location, prev_tco2e_location) AS tco2e_location,
  s * if(s = 1, tco2e_market, prev_tco2e_market) AS tco2e_market,
  s * if(s = 1, tce, prev_tce) AS tce,
  s * if(s = 1, activity, prev_activity) AS activity,
  toInt64(s) AS lines
FROM emission_lines
ARRAY JOIN [1, -1] AS s
WHERE s = 1 OR prev_version > 0;

CREATE TABLE IF NOT EXISTS emissions_monthly (
  org_id String,
  month Date,
  scope UInt8,
  type String,
  tco2e_location Float64,
  tco2e_market Float64,
  tce Float64,
  activity Float64,
  lines Int64
) ENGINE = SummingMergeTree()
PARTITION BY toYear(month)
ORDER BY (org_id, month, scope, type);

CREATE MATERIALIZED VIEW IF NOT EXISTS emissions_monthly_mv TO emissions_monthly AS
SELECT
  org_id,
  if(s = 1, toStartOfMonth(toDate(period_start, 'Asia/Shanghai')), toStartOfMonth(toDate(prev_period_start, 'Asia/Shanghai'))) AS month,
  if(s = 1, scope, prev_scope) AS scope,
  if(s = 1, type, prev_type) AS type,
  s * if(s = 1, tco2e_location, prev_tco2e_location) AS tco2e_location,
  s * if(s = 1, tco2e_market, prev_tco2e_market) AS tco2e_market,
  s * if(s = 1, tce, prev_tce) AS tce,
  s * if(s = 1, activity, prev_activity) AS activity,
  toInt64(s) AS lines
FROM emission_lines
ARRAY JOIN [1, -1] AS s
WHERE s = 1 OR prev_version > 0;
