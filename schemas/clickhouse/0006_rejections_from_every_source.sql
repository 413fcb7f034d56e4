-- Every refusal in one table, whoever refused it, so the bureau and the org look in one
-- place. source is the kind: 'kafka' for what the emissions processor refused (kafka_* is
-- the refused message's position on energy.readings.v1); 'platform-file', 'ingest-api' and
-- any later kind for what other services published on energy.readings.rejected.v1, which
-- the emissions processor stores at that message's position on the rejected topic (so a
-- re-delivery is one row). source_file and source_line locate a refused file line;
-- source_detail keeps the published source object as JSON, whatever its kind.
-- Note: since this migration the processor's version is the Kafka timestamp in seconds ×
-- 10^6 + offset mod 10^6 (see 0001 for the earlier milliseconds × 1000 + offset mod 1000).
ALTER TABLE rejected_readings
  ADD COLUMN source_file String AFTER source,
  ADD COLUMN source_line UInt32 AFTER source_file,
  ADD COLUMN source_detail String AFTER source_line;
