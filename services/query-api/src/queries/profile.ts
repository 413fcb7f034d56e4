import { type ClickHouse, joinSql, sql } from '@carbon-account/clickhouse';
import type { queryApi } from '@carbon-account/schemas';
import { accountsForMonths, assetsOf } from './account.js';
import { coverageTotals, meterCoverage } from './coverage.js';
import { orgInfo } from './orgs.js';
import { isoInstant, shiftMonth } from './time.js';

/** Below this share of expected meter-hours a meter is flagged as having gaps. */
const COVERAGE_FLAG = 0.95;

/**
 * A consented org's carbon profile for a bank: the 12 months ending with `lastMonth`
 * (intensity trend and grade history from the current monthly accounts), the asset
 * balance at the end of that month, data coverage over the 12 months and quality flags.
 */
export async function bankProfile(
  ch: ClickHouse,
  orgId: string,
  bankId: string,
  lastMonth: string,
): Promise<Omit<queryApi.ProfileBody, 'explanation'>> {
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(lastMonth, i - 11));
  const fromDay = `${months[0]}-01`;
  const toDay = `${shiftMonth(lastMonth, 1)}-01`;
  const [org, accounts, assets, meters, rejected] = await Promise.all([
    orgInfo(ch, orgId),
    accountsForMonths(ch, orgId, months),
    assetsOf(ch, orgId, lastMonth),
    meterCoverage(ch, joinSql([orgId]), fromDay, toDay),
    ch.query<{ n: string }>(
      sql`SELECT count() AS n FROM rejected_readings FINAL WHERE org_id = ${orgId}
        AND rejected_at >= ${new Date(isoInstant(fromDay))} AND rejected_at < ${new Date(isoInstant(toDay))}`,
    ),
  ]);
  const byMonth = new Map(accounts.map((a) => [String(a.month), a]));
  const trend = months.map((month) => {
    const a = byMonth.get(month);
    const has = a !== undefined && Number(a.hi) === 1;
    const grade = Number(a?.grade ?? 0);
    return {
      month,
      tco2eLocation: Number(a?.loc ?? 0),
      intensityValueAdded: has ? Number(a?.iva) : null,
      intensityOutput: has ? Number(a?.io) : null,
      band: a?.band ? String(a.band) : null,
      k: grade > 0 ? Number(a?.k) : null,
      grade: grade > 0 ? grade : null,
      provisional: Number(a?.provisional ?? 0) === 1,
    };
  });
  const flags = [
    { kind: 'rejected_readings', count: Number(rejected[0]?.n ?? 0) },
    { kind: 'restated_months', count: accounts.filter((a) => Number(a.restated) === 1).length },
    { kind: 'months_without_account', count: months.length - byMonth.size },
    {
      kind: 'meters_below_95pct_coverage',
      count: meters.filter((m) => m.share < COVERAGE_FLAG).length,
    },
  ];
  const { share, expectedMeterHours, receivedMeterHours } = coverageTotals(meters);
  return {
    orgId,
    bankId,
    name: org?.name ?? null,
    town: org?.town ?? null,
    industrySection: org?.industrySection ?? null,
    months: trend,
    assetBalanceTco2e: assets.balanceTco2e,
    coverage: {
      from: isoInstant(fromDay),
      to: isoInstant(toDay),
      expectedMeterHours,
      receivedMeterHours,
      share,
    },
    qualityFlags: flags,
  };
}
