import {
  type ClickHouse,
  identifier,
  rawSql,
  type SqlFragment,
  sql,
} from '@carbon-account/clickhouse';
import type { queryApi } from '@carbon-account/schemas';
import { currentOrgs } from './orgs.js';
import { isMonthStart } from './time.js';

type GroupBy = queryApi.RegionGroupBy;

/** groupBy parameter → column of the joined rows (an allow-list, never input). */
const groupColumns: Record<GroupBy, 'town' | 'industry' | 'type'> = {
  town: 'town',
  industry: 'industry',
  type: 'type',
};
const groupColumn = (g: GroupBy) =>
  identifier(groupColumns[g], ['town', 'industry', 'type'] as const);

/**
 * Per org and type sums over whole China days [fromDay, toDay): from the monthly view when
 * the range is whole months (12 rows per org-year instead of 365), else the daily view.
 */
function orgTypeSums(fromDay: string, toDay: string): SqlFragment {
  const monthly = isMonthStart(fromDay) && isMonthStart(toDay);
  const table = rawSql(monthly ? 'emissions_monthly' : 'emissions_daily');
  const column = rawSql(monthly ? 'month' : 'day');
  return sql`SELECT org_id, type, sum(tco2e_location) AS loc, sum(tco2e_market) AS mkt,
    sum(tce) AS t, sum(lines) AS n FROM ${table}
    WHERE ${column} >= toDate(${fromDay}) AND ${column} < toDate(${toDay}) GROUP BY org_id, type`;
}

/**
 * The region's orgs joined to their sums. ANY INNER JOIN with USING and aliased subqueries
 * is the form both 18.16 and current releases accept.
 */
function regionRows(regionCode: string, fromDay: string, toDay: string): SqlFragment {
  return sql`SELECT org_id, type, loc, mkt, t, n, org_name, town, industry
    FROM (${orgTypeSums(fromDay, toDay)}) AS sums
    ANY INNER JOIN (SELECT org_id, org_name, town, industry FROM (${currentOrgs}) WHERE region = ${regionCode}) AS reg
    USING (org_id)`;
}

export async function regionSummary(
  ch: ClickHouse,
  regionCode: string,
  fromDay: string,
  toDay: string,
  groupBy: GroupBy,
) {
  const rows = await ch.query<Record<string, string | number>>(
    sql`SELECT ${groupColumn(groupBy)} AS key, sum(loc) AS loc, sum(mkt) AS mkt, sum(t) AS t,
      uniqExact(org_id) AS orgs, sum(n) AS n
      FROM (${regionRows(regionCode, fromDay, toDay)}) GROUP BY key HAVING n != 0
      ORDER BY loc DESC, key`,
  );
  return rows.map((r) => ({
    key: String(r.key),
    tco2eLocation: Number(r.loc),
    tco2eMarket: Number(r.mkt),
    tce: Number(r.t),
    orgs: Number(r.orgs),
    lines: Number(r.n),
  }));
}

export async function topEmitters(
  ch: ClickHouse,
  regionCode: string,
  fromDay: string,
  toDay: string,
) {
  const rows = await ch.query<Record<string, string | number>>(
    sql`SELECT org_id, any(org_name) AS org_name, any(town) AS town, any(industry) AS industry,
      sum(loc) AS loc, sum(mkt) AS mkt, sum(t) AS t, sum(n) AS n
      FROM (${regionRows(regionCode, fromDay, toDay)}) GROUP BY org_id HAVING n != 0
      ORDER BY loc DESC, org_id`,
  );
  return rows.map((r, i) => ({
    rank: i + 1,
    orgId: String(r.org_id),
    name: String(r.org_name),
    town: String(r.town),
    industrySection: String(r.industry),
    tco2eLocation: Number(r.loc),
    tco2eMarket: Number(r.mkt),
    tce: Number(r.t),
  }));
}

/** Location-based tCO2e per group in `month` and the month before. */
export async function monthOverMonth(
  ch: ClickHouse,
  regionCode: string,
  month: string,
  previousMonth: string,
  groupBy: GroupBy,
) {
  const rows = await ch.query<Record<string, string | number>>(
    sql`SELECT ${groupColumn(groupBy)} AS key,
      sumIf(loc, m = ${month}) AS cur, sumIf(loc, m = ${previousMonth}) AS prev
      FROM (
        SELECT org_id, type, loc, m, town, industry FROM (
          SELECT org_id, type, formatDateTime(month, '%Y-%m') AS m, sum(tco2e_location) AS loc
          FROM emissions_monthly
          WHERE month >= toDate(${`${previousMonth}-01`}) AND month <= toDate(${`${month}-01`})
          GROUP BY org_id, type, m) AS sums
        ANY INNER JOIN (SELECT org_id, town, industry FROM (${currentOrgs}) WHERE region = ${regionCode}) AS reg
        USING (org_id))
      GROUP BY key ORDER BY cur DESC, key`,
  );
  return rows.map((r) => {
    const cur = Number(r.cur);
    const prev = Number(r.prev);
    return {
      key: String(r.key),
      currentTco2e: cur,
      previousTco2e: prev,
      changeTco2e: cur - prev,
      changePct: prev !== 0 ? ((cur - prev) / prev) * 100 : null,
    };
  });
}
