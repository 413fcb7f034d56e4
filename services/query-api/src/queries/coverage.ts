import { type ClickHouse, type SqlFragment, sql } from '@carbon-account/clickhouse';
import { daysBetween } from './time.js';

export interface MeterCoverage {
  orgId: string;
  meterId: string;
  sources: string;
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
  // A meter-hour counts as received when any source (enterprise, platform, CEMS) sent it:
  // per meter and day the best-covered source's hours.
  const rows = await ch.query<Record<string, string>>(
    sql`SELECT org_id, meter_id, arrayStringConcat(arraySort(groupUniqArrayArray(srcs)), ',') AS sources,
        sum(got) AS got
      FROM (
        SELECT org_id, meter_id, day, max(h) AS got, groupArray(source) AS srcs FROM (
          SELECT org_id, meter_id, day, source, sum(hourly_readings) AS h FROM meter_daily
          WHERE org_id IN (${orgs}) AND day >= toDate(${fromDay}) AND day < toDate(${toDay})
          GROUP BY org_id, meter_id, day, source HAVING h > 0)
        GROUP BY org_id, meter_id, day)
      GROUP BY org_id, meter_id ORDER BY org_id, meter_id`,
  );
  return rows.map((r) => {
    const received = Math.min(Number(r.got), expected);
    return {
      orgId: String(r.org_id),
      meterId: String(r.meter_id),
      sources: String(r.sources),
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
