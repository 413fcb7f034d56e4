import {
  type ClickHouse,
  joinSql,
  rawSql,
  type SqlFragment,
  sql,
} from '@carbon-account/clickhouse';
import { queryApi } from '@carbon-account/schemas';
import { dayRange, isoFromUnix } from './time.js';

type Granularity = queryApi.Granularity;

export interface SeriesFilter {
  orgId: string;
  from: string;
  to: string;
  granularity: Granularity;
  scope?: number;
  type?: string;
}

type Point = queryApi.EmissionsSeries['points'][number];

const sums = rawSql(`sum(tco2e_location) AS loc, sum(tco2e_market) AS mkt, sum(tce) AS tce,
  sum(activity) AS act, sum(lines) AS n`);

/**
 * An org's emissions per hour, day or month by scope and type, from the pre-summed views
 * (0002). Ranges are bounded per granularity (MAX_DAYS), so the whole result is read and
 * paged in memory, which also gives the exact total.
 */
export async function emissionsSeries(ch: ClickHouse, f: SeriesFilter): Promise<Point[]> {
  const filters: SqlFragment[] = [sql`org_id = ${f.orgId}`];
  if (f.scope !== undefined) filters.push(sql`scope = ${f.scope}`);
  if (f.type !== undefined) filters.push(sql`type = ${f.type}`);
  let period: SqlFragment;
  let table: SqlFragment;
  if (f.granularity === 'hour') {
    table = rawSql('emissions_hourly');
    period = rawSql('toUnixTimestamp(hour)');
    filters.push(
      sql`hour >= ${queryApi.instantOf(f.from)}`,
      sql`hour < ${queryApi.instantOf(f.to)}`,
    );
  } else {
    const { fromDay, toDay } = dayRange(f.from, f.to);
    if (f.granularity === 'day') {
      table = rawSql('emissions_daily');
      period = rawSql('toString(day)');
      filters.push(sql`day >= toDate(${fromDay})`, sql`day < toDate(${toDay})`);
    } else {
      table = rawSql('emissions_monthly');
      period = rawSql('toString(month)');
      filters.push(sql`month >= toStartOfMonth(toDate(${fromDay}))`, sql`month < toDate(${toDay})`);
    }
  }
  const where = joinSql(filters, ' AND ');
  const rows = await ch.query<Record<string, string | number>>(
    sql`SELECT ${period} AS p, scope, type, ${sums} FROM ${table} WHERE ${where}
      GROUP BY p, scope, type HAVING n != 0 ORDER BY p, scope, type`,
  );
  return rows.map((r) => ({
    period:
      f.granularity === 'hour'
        ? isoFromUnix(r.p as string)
        : f.granularity === 'month'
          ? String(r.p).slice(0, 7)
          : String(r.p),
    scope: Number(r.scope),
    type: String(r.type),
    tco2eLocation: Number(r.loc),
    tco2eMarket: Number(r.mkt),
    tce: Number(r.tce),
    activity: Number(r.act),
    lines: Number(r.n),
  }));
}
