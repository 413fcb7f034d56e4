import { instantMs } from '@carbon-account/accounting';
import type { RowOf } from '@carbon-account/clickhouse';
import type { EmissionLineV1 } from '@carbon-account/schemas';
import type { ComputedLine } from './compute.js';
import type { StoredLine } from './current-versions.js';
import type { Correction } from './plan.js';
import type { lineOfEmissionLines, readingsTable, replacedOfEmissionLines } from './tables.js';

// Rows in the shape of schemas/clickhouse. DateTime columns get Unix seconds, which
// ClickHouse reads the same whatever the server's time zone.
const seconds = (iso: string) => Math.floor(instantMs(iso) / 1000);

export function readingRow(line: ComputedLine, now: number): RowOf<typeof readingsTable.columns> {
  const r = line.reading;
  return {
    org_id: r.orgId,
    reading_id: r.readingId,
    meter_id: r.meterId,
    source: r.source,
    type: r.type,
    quantity: r.quantity,
    unit: r.unit,
    period_start: seconds(r.periodStart),
    period_end: seconds(r.periodEnd),
    green_kwh: r.greenElectricityKWh,
    density_kg_per_l: r.densityKgPerL ?? 0,
    steam_enthalpy_kj_per_kg: r.steamEnthalpyKJPerKg ?? 0,
    content_hash: line.contentHash,
    version: line.version,
    kafka_partition: line.message.partition,
    kafka_offset: Number(line.message.offset),
    ingested_at: now,
  };
}

/** An emission_lines row but for what it replaces (`replacedRow`). */
export function emissionLineRow(
  line: ComputedLine,
  gwpSet: string,
  now: number,
): RowOf<typeof lineOfEmissionLines.columns> {
  const r = line.reading;
  const e = line.emission;
  return {
    org_id: r.orgId,
    reading_id: r.readingId,
    meter_id: r.meterId,
    source: r.source,
    type: r.type,
    scope: e.scope,
    category: e.category,
    period_start: seconds(r.periodStart),
    period_end: seconds(r.periodEnd),
    month: line.month,
    activity: e.activity,
    activity_unit: e.activityUnit,
    tco2e_location: e.tco2eLocation,
    tco2e_market: e.tco2eMarket,
    tce: e.tce,
    factor_ids: e.factors.map((f) => f.id),
    factor_versions: e.factors.map((f) => f.version),
    gwp_set: gwpSet,
    content_hash: line.contentHash,
    version: line.version,
    computed_at: now,
  };
}

/** The stored version a line replaces, whose figures the views take out again; zeros for none. */
export function replacedRow(previous?: StoredLine): RowOf<typeof replacedOfEmissionLines.columns> {
  return {
    prev_version: previous?.version ?? 0,
    prev_scope: previous?.scope ?? 0,
    prev_type: previous?.type ?? '',
    prev_period_start: previous?.periodStart ?? 0,
    prev_tco2e_location: previous?.tco2eLocation ?? 0,
    prev_tco2e_market: previous?.tco2eMarket ?? 0,
    prev_tce: previous?.tce ?? 0,
    prev_activity: previous?.activity ?? 0,
  };
}

/** corrected_at is the correcting message's Kafka time, so a retried batch gives the same row in the same table partition. */
export function correctionRow(c: Correction) {
  return {
    org_id: c.line.orgId,
    reading_id: c.line.readingId,
    previous_hash: c.previous.contentHash,
    new_hash: c.line.contentHash,
    previous_tco2e_location: c.previous.tco2eLocation,
    new_tco2e_location: c.line.tco2eLocation,
    previous_version: c.previous.version,
    new_version: c.line.version,
    corrected_at: Math.floor(c.line.timestamp / 1000),
  };
}

/** The line as carbon.emissions.v1 carries it (the contract's EmissionLineV1). */
export function emissionMessage(
  line: ComputedLine,
  gwpSet: 'AR5' | 'AR6',
  computedAt: string,
): EmissionLineV1 {
  const r = line.reading;
  const e = line.emission;
  return {
    orgId: r.orgId,
    readingId: r.readingId,
    meterId: r.meterId,
    source: r.source,
    type: r.type,
    scope: e.scope,
    category: e.category,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    month: line.month,
    activity: e.activity,
    activityUnit: e.activityUnit,
    tco2eLocation: e.tco2eLocation,
    tco2eMarket: e.tco2eMarket,
    tce: e.tce,
    factors: e.factors,
    gwpSet,
    version: String(line.version),
    computedAt,
  };
}
