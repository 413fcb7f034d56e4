-- Per meter and China-time day: hourly readings received, of them at zero, and the
-- meter's emissions — for data coverage (received ÷ expected meter-hours), project
-- reductions (emissions of a project's meters) and quality flags, without reading the
-- lines. Same +1/−1 rule as the emissions views (0002): a correction takes out what it
-- replaces. A reading is "hourly" when its period is at most one hour; monthly deliveries
-- (fuel, heat) count in the emissions but not as meter-hours.
-- Filled from the moment this migration runs; lines stored earlier are not in it.
CREATE TABLE IF NOT EXISTS meter_daily (
  org_id String,
  day Date,
  meter_id String,
  source String,
  type String,
  hourly_readings Int64,
  zero_hours Int64,
  tco2e_location Float64,
  tco2e_market Float64,
  activity Float64,
  lines Int64
) ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (org_id, day, meter_id, source, type);

CREATE MATERIALIZED VIEW IF NOT EXISTS meter_daily_mv TO meter_daily AS
SELECT
  org_id,
  if(s = 1, toDate(period_start, 'Asia/Shanghai'), toDate(prev_period_start, 'Asia/Shanghai')) AS day,
  meter_id,
  source,
  if(s = 1, type, prev_type) AS type,
  toInt64(s * (period_end - period_start <= 3600)) AS hourly_readings,
  toInt64(s * (period_end - period_start <= 3600 AND if(s = 1, activity, prev_activity) = 0)) AS zero_hours,
  s * if(s = 1, tco2e_location, prev_tco2e_location) AS tco2e_location,
  s * if(s = 1, tco2e_market, prev_tco2e_market) AS tco2e_market,
  s * if(s = 1, activity, prev_activity) AS activity,
  toInt64(s) AS lines
FROM emission_lines
ARRAY JOIN [1, -1] AS s
WHERE s = 1 OR prev_version > 0;
