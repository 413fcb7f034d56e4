import { rowBinaryTable } from '@carbon-account/clickhouse';

// The columns this processor writes, as schemas/clickhouse declares them (0001, 0002), in
// the order its RowBinary rows carry them. The processor compares them with the server's
// before it consumes anything (columnMismatches), and so does a migration test.

/** A reading version (0001_readings.sql). */
export const readingsTable = rowBinaryTable('readings', {
  org_id: 'String',
  reading_id: 'String',
  meter_id: 'String',
  source: 'String',
  type: 'String',
  quantity: 'Float64',
  unit: 'String',
  period_start: 'DateTime',
  period_end: 'DateTime',
  green_kwh: 'Float64',
  density_kg_per_l: 'Float64',
  steam_enthalpy_kj_per_kg: 'Float64',
  content_hash: 'String',
  version: 'UInt64',
  kafka_partition: 'UInt32',
  kafka_offset: 'UInt64',
  ingested_at: 'DateTime',
} as const);

const lineColumns = {
  org_id: 'String',
  reading_id: 'String',
  meter_id: 'String',
  source: 'String',
  type: 'String',
  scope: 'UInt8',
  category: 'String',
  period_start: 'DateTime',
  period_end: 'DateTime',
  month: 'String',
  activity: 'Float64',
  activity_unit: 'String',
  tco2e_location: 'Float64',
  tco2e_market: 'Float64',
  tce: 'Float64',
  factor_ids: 'Array(String)',
  factor_versions: 'Array(UInt32)',
  gwp_set: 'String',
  content_hash: 'String',
  version: 'UInt64',
  computed_at: 'DateTime',
} as const;

/**
 * The figures of the version a line replaces, which the views take out again (all zero
 * for a new reading). Last in the row: they are known only once the batch has looked up
 * what is stored, after the rest of the row was written.
 */
const replacedColumns = {
  prev_version: 'UInt64',
  prev_scope: 'UInt8',
  prev_type: 'String',
  prev_period_start: 'DateTime',
  prev_tco2e_location: 'Float64',
  prev_tco2e_market: 'Float64',
  prev_tce: 'Float64',
  prev_activity: 'Float64',
} as const;

/** An emission line as inserted (0002_emission_lines.sql): the line, then what it replaces. */
export const emissionLinesTable = rowBinaryTable('emission_lines', {
  ...lineColumns,
  ...replacedColumns,
});

/** The first part of an emission_lines row, written when the line is computed. */
export const lineOfEmissionLines = rowBinaryTable('emission_lines', lineColumns);

/** The last part of an emission_lines row, written when the batch knows what is stored. */
export const replacedOfEmissionLines = rowBinaryTable('emission_lines', replacedColumns);
