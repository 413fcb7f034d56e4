import { type ClickHouse, type SqlFragment, sql } from '@carbon-account/clickhouse';
import { daysBetween } from './time.js';

export interface MeterCoverage {
  orgId: string;
  meterId: string;
  source: string;
  expectedHours: number;
  receivedHours: number;
  share: number;
}

/**
 * Data coverage over whole China-time days [fromDay, toDay): for each meter that sent
 * hourly readings in the range, received hours ÷ the hours of the range. Meters that only
 * deliver monthly quantities (fuel, heat) have no expected hours. A meter silent for the
 * whole range does not appear: the registry does not list meters.
 */
export async function meterCoverage(
  ch: ClickHouse,
  orgs: SqlFragment,
  fromDay: string,
  toDay: string,
): Promise<MeterCoverage[]> {
  const expected = daysBetween(fromDay, toDay) * 24;
  const rows = await ch.query<Record<string, string>>(
    sql`SELECT org_id, meter_id, source, sum(hourly_readings) AS got FROM meter_daily
      WHERE org_id IN (${orgs}) AND day >= toDate(${fromDay}) AND day < toDate(${toDay})
      GROUP BY org_id, meter_id, source HAVING got > 0 ORDER BY org_id, meter_id, source`,
  );
  return rows.map((r) => {
    const received = Math.min(Number(r.got), expected);
    return {
      orgId: String(r.org_id),
      meterId: String(r.meter_id),
      source: String(r.source),
      expectedHours: expected,
      receivedHours: received,
      share: received / expected,
    };
  });
}

export function coverageTotals(meters: readonly MeterCoverage[]) {
  const expected = meters.reduce((s, m) => s + m.expectedHours, 0);
  const received = meters.reduce((s, m) => s + m.receivedHours, 0);
  return {
    expectedMeterHours: expected,
    receivedMeterHours: received,
    share: expected > 0 ? received / expected : null,
  };
}
