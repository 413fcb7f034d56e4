import type { EmissionScope, EnergyType } from '@carbon-account/accounting';
import { type ClickHouse, identifier, joinSql, rawSql, sql } from '@carbon-account/clickhouse';
import type { AccountFigures, CurrentOutput, ScopeTypeSums } from '../accounts/account-row.js';
import type { StoredAccount } from '../accounts/restatement.js';

type Row = Record<string, string | number>;

export interface SectionMonthData {
  sums: Map<string, ScopeTypeSums[]>;
  outputs: Map<string, CurrentOutput>;
  /** The newest stored version of each org's account this month (and its newest final one). */
  accounts: Map<string, StoredAccount>;
}

const ACCOUNT_COLUMNS = [
  'tco2e_location',
  'tco2e_market',
  'scope1_tco2e',
  'scope2_tco2e_location',
  'scope2_tco2e_market',
  'tce',
  'lines',
  'by_type',
  'value_added_cny',
  'output_value_cny',
  'report_id',
  'intensity_value_added',
  'intensity_output',
  'has_intensity',
  'band',
  'industry_section',
  'industry_average_intensity',
  'k',
  'grade',
  'provisional',
  'restated',
  'restatement_note',
  'computed_at',
  'industry_average_basis',
  'industry_orgs',
  'pv_generation_mwh',
  'baseline_intensity',
  'registry_version',
] as const;
/** The writer's columns: the rest are figures, compared with a final version's (restatement.ts). */
const WRITER_COLUMNS = new Set(['provisional', 'restated', 'restatement_note', 'computed_at']);
const FIGURE_COLUMNS = ACCOUNT_COLUMNS.filter((c) => !WRITER_COLUMNS.has(c));
/** The newest version's value; computed_at as epoch seconds, as it is written and compared. */
const latestOf = (c: (typeof ACCOUNT_COLUMNS)[number]) => {
  const value = `argMax(${identifier(c, ACCOUNT_COLUMNS)}, version)`;
  return c === 'computed_at' ? `toUInt32(${value})` : value;
};
const TEXT_COLUMNS = new Set([
  'by_type',
  'report_id',
  'band',
  'industry_section',
  'restatement_note',
  'industry_average_basis',
]);

/**
 * Everything the accounts of some orgs in one month rest on, in three queries:
 * - emission sums per (org, scope, type) from emissions_monthly, the view that takes a
 *   corrected line's old figures out (migration 0002); its parts may not be merged yet, so
 *   rows are summed with GROUP BY, and groups whose lines net to zero are dropped;
 * - the current output report per org: argMax by version (newest reportedAt, then Kafka
 *   order) over every report of the month, merged or not;
 * - the newest stored account per org, to compare the new computation with, and the
 *   figures of its newest final version.
 */
export async function loadSectionMonth(
  ch: ClickHouse,
  month: string,
  orgIds: readonly string[],
): Promise<SectionMonthData> {
  const data: SectionMonthData = { sums: new Map(), outputs: new Map(), accounts: new Map() };
  if (orgIds.length === 0) return data;
  const orgs = joinSql(orgIds);
  const [sumRows, outputRows, accountRows] = await Promise.all([
    ch.query<Row>(sql`
      SELECT org_id, scope AS s, type AS t, sum(tco2e_location) AS loc, sum(tco2e_market) AS mkt,
        sum(tce) AS energy, sum(activity) AS act, sum(lines) AS n
      FROM emissions_monthly
      WHERE month = toDate(${`${month}-01`}) AND org_id IN (${orgs})
      GROUP BY org_id, s, t
      HAVING n != 0`),
    ch.query<Row>(sql`
      SELECT org_id, argMax(report_id, version) AS cur_report, argMax(value_added_cny, version) AS cur_va,
        argMax(output_value_cny, version) AS cur_ov
      FROM org_outputs
      WHERE month = ${month} AND org_id IN (${orgs})
      GROUP BY org_id`),
    ch.query<Row>(sql`
      SELECT org_id, max(version) AS cur_version, countIf(provisional = 0) AS finals,
        ${rawSql(ACCOUNT_COLUMNS.map((c) => `${latestOf(c)} AS cur_${c}`).join(', '))},
        ${rawSql(FIGURE_COLUMNS.map((c) => `argMaxIf(${identifier(c, ACCOUNT_COLUMNS)}, version, provisional = 0) AS fin_${c}`).join(', '))}
      FROM monthly_accounts
      WHERE month = ${month} AND org_id IN (${orgs})
      GROUP BY org_id`),
  ]);
  for (const r of sumRows) {
    const orgId = String(r.org_id);
    const list = data.sums.get(orgId) ?? [];
    list.push({
      scope: Number(r.s) as EmissionScope,
      type: String(r.t) as EnergyType,
      tco2eLocation: Number(r.loc),
      tco2eMarket: Number(r.mkt),
      tce: Number(r.energy),
      activity: Number(r.act),
      lines: Number(r.n),
    });
    data.sums.set(orgId, list);
  }
  for (const r of outputRows) {
    data.outputs.set(String(r.org_id), {
      reportId: String(r.cur_report),
      valueAddedCNY: Number(r.cur_va),
      outputValueCNY: Number(r.cur_ov),
    });
  }
  const columns = (r: Row, prefix: string, names: readonly string[]) => {
    const row: Record<string, string | number> = { org_id: String(r.org_id), month };
    for (const c of names) {
      const value = r[`${prefix}${c}`] ?? '';
      row[c] = TEXT_COLUMNS.has(c) ? String(value) : Number(value);
    }
    return row;
  };
  for (const r of accountRows) {
    const latest = columns(r, 'cur_', ACCOUNT_COLUMNS) as unknown as StoredAccount;
    latest.version = Number(r.cur_version);
    if (latest.provisional === 1 && Number(r.finals) > 0)
      latest.lastFinal = columns(r, 'fin_', FIGURE_COLUMNS) as unknown as AccountFigures;
    data.accounts.set(String(r.org_id), latest);
  }
  return data;
}
