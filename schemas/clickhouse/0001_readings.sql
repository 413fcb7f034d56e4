-- Accepted readings as delivered, one row per (org, reading) version.
-- ReplacingMergeTree(version) keeps the newest version of a reading once parts merge;
-- queries never wait for that: they collapse with argMax(..., version) grouped by
-- (org_id, reading_id), so a reading delivered twice is counted once at any moment.
-- version = Kafka message timestamp (ms) * 1000 + offset % 1000: a later delivery of a
-- corrected reading (same key, hence same partition) always has the higher version.
-- Partitioned by month of period_start (China time): queries and retention work by month.
-- Ordered by (org_id, reading_id): the idempotency key, and org-first for org queries.
CREATE TABLE IF NOT EXISTS readings (
  org_id String,
  reading_id String,
  meter_id String,
  source String,
  type String,
  quantity Float64,
  unit String,
  period_start DateTime,
  period_end DateTime,
  green_kwh Float64,
  density_kg_per_l Float64,
  steam_enthalpy_kj_per_kg Float64,
  content_hash String,
  version UInt64,
  kafka_partition UInt32,
  kafka_offset UInt64,
  ingested_at DateTime
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(period_start, 'Asia/Shanghai')
ORDER BY (org_id, reading_id);
