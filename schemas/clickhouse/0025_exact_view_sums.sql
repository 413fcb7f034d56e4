-- The sums the views keep become Decimal128(12) (to 1e-12 of the unit: a microgram of
-- CO2e or of coal equivalent) instead of Float64. Floating-point addition is not
-- associative: a Float64 sum depended on the order in which parts merged and in which a
-- query's threads added partial sums, so the same question could get answers differing in
-- the last digits from one call to the next (0.30000000000000004 one time, 0.3 the next),
-- and a correction that took a line out again could leave 1e-17 behind instead of 0. A
-- Decimal sum is exact and the same in any order.
--
-- Each line's figure is rounded to 12 decimals once, when a view converts it, and the
-- +1/−1 rule converts the same Float64 either way, so a correction takes out exactly what
-- was put in. It is rounded through an integer count of 1e-12 units: toDecimal128(x, 12)
-- truncates x × 10¹², and a computed 0.14983439999999998 would be summed as 0.149834399999
-- instead of 0.1498344. A figure above about 10⁷ with many decimals keeps Float64's own
-- digits past its 16th. The emissions processor refuses figures too large for
-- Decimal128(12) (compute.ts). The sums already stored are converted as they are.
--
-- The lines themselves (emission_lines) keep their Float64 figures. Queries read the sums
-- as numbers; where SQL computes with them it must convert with toFloat64 (Decimal ×
-- Float64 is refused).
--
-- Run with the processors stopped (npm start migrates before it starts them): each view is
-- dropped while its table's columns change, so a line stored meanwhile would be missing
-- there. Every step can be run again: a run that stops halfway is completed by the next.

DROP TABLE IF EXISTS emissions_hourly_mv;

ALTER TABLE emissions_hourly
  MODIFY COLUMN tco2e_location Decimal128(12),
  MODIFY COLUMN tco2e_market Decimal128(12),
  MODIFY COLUMN tce Decimal128(12),
  MODIFY COLUMN activity Decimal128(12);

CREATE MATERIALIZED VIEW IF NOT EXISTS emissions_hourly_mv TO emissions_hourly AS
SELECT
  org_id,
  if(s = 1, toStartOfHour(period_start), toStartOfHour(prev_period_start)) AS hour,
  if(s = 1, scope, prev_scope) AS scope,
  if(s = 1, type, prev_type) AS type,
  s * toDecimal128(round(if(s = 1, tco2e_location, prev_tco2e_location) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tco2e_location,
  s * toDecimal128(round(if(s = 1, tco2e_market, prev_tco2e_market) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tco2e_market,
  s * toDecimal128(round(if(s = 1, tce, prev_tce) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tce,
  s * toDecimal128(round(if(s = 1, activity, prev_activity) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS activity,
  toInt64(s) AS lines
FROM emission_lines
ARRAY JOIN [1, -1] AS s
WHERE s = 1 OR prev_version > 0;

DROP TABLE IF EXISTS emissions_daily_mv;

ALTER TABLE emissions_daily
  MODIFY COLUMN tco2e_location Decimal128(12),
  MODIFY COLUMN tco2e_market Decimal128(12),
  MODIFY COLUMN tce Decimal128(12),
  MODIFY COLUMN activity Decimal128(12);

CREATE MATERIALIZED VIEW IF NOT EXISTS emissions_daily_mv TO emissions_daily AS
SELECT
  org_id,
  if(s = 1, toDate(period_start, 'Asia/Shanghai'), toDate(prev_period_start, 'Asia/Shanghai')) AS day,
  if(s = 1, scope, prev_scope) AS scope,
  if(s = 1, type, prev_type) AS type,
  s * toDecimal128(round(if(s = 1, tco2e_location, prev_tco2e_location) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tco2e_location,
  s * toDecimal128(round(if(s = 1, tco2e_market, prev_tco2e_market) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tco2e_market,
  s * toDecimal128(round(if(s = 1, tce, prev_tce) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tce,
  s * toDecimal128(round(if(s = 1, activity, prev_activity) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS activity,
  toInt64(s) AS lines
FROM emission_lines
ARRAY JOIN [1, -1] AS s
WHERE s = 1 OR prev_version > 0;

DROP TABLE IF EXISTS emissions_monthly_mv;

ALTER TABLE emissions_monthly
  MODIFY COLUMN tco2e_location Decimal128(12),
  MODIFY COLUMN tco2e_market Decimal128(12),
  MODIFY COLUMN tce Decimal128(12),
  MODIFY COLUMN activity Decimal128(12);

CREATE MATERIALIZED VIEW IF NOT EXISTS emissions_monthly_mv TO emissions_monthly AS
SELECT
  org_id,
  if(s = 1, toStartOfMonth(toDate(period_start, 'Asia/Shanghai')), toStartOfMonth(toDate(prev_period_start, 'Asia/Shanghai'))) AS month,
  if(s = 1, scope, prev_scope) AS scope,
  if(s = 1, type, prev_type) AS type,
  s * toDecimal128(round(if(s = 1, tco2e_location, prev_tco2e_location) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tco2e_location,
  s * toDecimal128(round(if(s = 1, tco2e_market, prev_tco2e_market) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tco2e_market,
  s * toDecimal128(round(if(s = 1, tce, prev_tce) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tce,
  s * toDecimal128(round(if(s = 1, activity, prev_activity) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS activity,
  toInt64(s) AS lines
FROM emission_lines
ARRAY JOIN [1, -1] AS s
WHERE s = 1 OR prev_version > 0;

DROP TABLE IF EXISTS meter_daily_mv;

ALTER TABLE meter_daily
  MODIFY COLUMN tco2e_location Decimal128(12),
  MODIFY COLUMN tco2e_market Decimal128(12),
  MODIFY COLUMN activity Decimal128(12);

CREATE MATERIALIZED VIEW IF NOT EXISTS meter_daily_mv TO meter_daily AS
SELECT
  org_id,
  if(s = 1, toDate(period_start, 'Asia/Shanghai'), toDate(prev_period_start, 'Asia/Shanghai')) AS day,
  meter_id,
  source,
  if(s = 1, type, prev_type) AS type,
  toInt64(s * (period_end - period_start <= 3600)) AS hourly_readings,
  -- `activity` here may name the column or the Decimal alias below (releases differ), and
  -- if() has no common type for Decimal and Float64: toFloat64 takes either.
  toInt64(s * (period_end - period_start <= 3600 AND if(s = 1, toFloat64(activity), prev_activity) = 0)) AS zero_hours,
  s * toDecimal128(round(if(s = 1, tco2e_location, prev_tco2e_location) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tco2e_location,
  s * toDecimal128(round(if(s = 1, tco2e_market, prev_tco2e_market) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS tco2e_market,
  s * toDecimal128(round(if(s = 1, activity, prev_activity) * 1e12), 0) * toDecimal128('0.000000000001', 12) AS activity,
  toInt64(s) AS lines
FROM emission_lines
ARRAY JOIN [1, -1] AS s
WHERE s = 1 OR prev_version > 0;
