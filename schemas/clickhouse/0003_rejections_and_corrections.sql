-- Readings refused by the processors, with the reasons, for the bureau and the org.
-- Keyed by the Kafka position, so a re-delivered poison message is one rejection.
-- org_id is '' when the message did not name a valid org.
CREATE TABLE IF NOT EXISTS rejected_readings (
  org_id String,
  reading_id String,
  source String,
  reason String,
  errors String,
  raw String,
  kafka_topic String,
  kafka_partition UInt32,
  kafka_offset UInt64,
  rejected_at DateTime
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(rejected_at)
ORDER BY (org_id, kafka_topic, kafka_partition, kafka_offset);

-- A reading whose readingId came again with different content: the newer replaced the
-- older; the change is kept here so a restated figure can be explained.
CREATE TABLE IF NOT EXISTS reading_corrections (
  org_id String,
  reading_id String,
  previous_hash String,
  new_hash String,
  previous_tco2e_location Float64,
  new_tco2e_location Float64,
  previous_version UInt64,
  new_version UInt64,
  corrected_at DateTime
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(corrected_at)
ORDER BY (org_id, reading_id, new_version);
