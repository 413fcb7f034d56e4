import type { FactorLibrary } from '@carbon-account/accounting';
import { type ClickHouse, joinSql, type SqlFragment, sql } from '@carbon-account/clickhouse';
import type { queryApi } from '@carbon-account/schemas';
import { isoFromUnix } from './time.js';

export interface LineSelection {
  orgIds: readonly string[];
  /** Lines whose period starts in [from, to). */
  from: Date;
  to: Date;
  scope?: number;
  type?: string;
  meterIds?: readonly string[];
}

/**
 * The current version of every line in the selection. Lines are chosen by reading id
 * first and collapsed over all their versions, so a correction that moved a reading out
 * of the range takes it out here too.
 */
function currentLines(s: LineSelection, columns: SqlFragment): SqlFragment {
  const having: SqlFragment[] = [sql`ps >= ${s.from}`, sql`ps < ${s.to}`];
  if (s.scope !== undefined) having.push(sql`sc = ${s.scope}`);
  if (s.type !== undefined) having.push(sql`ty = ${s.type}`);
  if (s.meterIds) having.push(sql`me IN (${joinSql(s.meterIds)})`);
  return sql`SELECT org_id, reading_id, argMax(period_start, version) AS ps,
      argMax(scope, version) AS sc, argMax(type, version) AS ty, argMax(meter_id, version) AS me,
      ${columns}
    FROM emission_lines
    WHERE org_id IN (${joinSql(s.orgIds)}) AND (org_id, reading_id) IN (
      SELECT org_id, reading_id FROM emission_lines
      WHERE org_id IN (${joinSql(s.orgIds)}) AND period_start >= ${s.from} AND period_start < ${s.to})
    GROUP BY org_id, reading_id
    HAVING ${joinSql(having, ' AND ')}`;
}

/**
 * Provenance of a figure formed from the selected lines: how many readings, which factor
 * records (with their sources from the factor library), when the lines were computed.
 */
export async function explainLines(
  ch: ClickHouse,
  library: FactorLibrary,
  s: LineSelection,
  extra: { method: string; readingsUrl: string | null; accountComputedAt?: string | null },
): Promise<queryApi.Explanation> {
  if (s.orgIds.length === 0) {
    return {
      readingsCounted: 0,
      factors: [],
      linesComputedFrom: null,
      linesComputedTo: null,
      readingsUrl: extra.readingsUrl,
      method: extra.method,
      ...(extra.accountComputedAt !== undefined && { accountComputedAt: extra.accountComputedAt }),
    };
  }
  const [counts, factors] = await Promise.all([
    ch.query<{ n: string; first: string; last: string }>(
      sql`SELECT count() AS n, min(ca) AS first, max(ca) AS last FROM (${currentLines(
        s,
        sql`toUnixTimestamp(argMax(computed_at, version)) AS ca`,
      )})`,
    ),
    ch.query<{ fid: string; fver: number; n: string }>(
      sql`SELECT fid, fver, count() AS n FROM (${currentLines(
        s,
        sql`argMax(factor_ids, version) AS ids, argMax(factor_versions, version) AS vers`,
      )}) ARRAY JOIN ids AS fid, vers AS fver GROUP BY fid, fver ORDER BY fid, fver`,
    ),
  ]);
  const c = counts[0];
  const n = Number(c?.n ?? 0);
  return {
    readingsCounted: n,
    factors: factors.map((f) => {
      const record = library.byId(f.fid);
      const same = record && record.version === Number(f.fver) ? record : undefined;
      return {
        id: f.fid,
        version: Number(f.fver),
        lines: Number(f.n),
        kind: same?.kind ?? null,
        source: same?.source ?? null,
        dataYear: same?.dataYear ?? null,
        value: same?.value ?? null,
        unit: same?.unit ?? null,
      };
    }),
    linesComputedFrom: n > 0 && c ? isoFromUnix(c.first) : null,
    linesComputedTo: n > 0 && c ? isoFromUnix(c.last) : null,
    readingsUrl: extra.readingsUrl,
    method: extra.method,
    ...(extra.accountComputedAt !== undefined && { accountComputedAt: extra.accountComputedAt }),
  };
}

/** The current lines themselves, a page at a time (the trail behind `readingsUrl`). */
export async function emissionLinesPage(
  ch: ClickHouse,
  s: LineSelection,
  page: { limit: number; offset: number },
) {
  const cols = sql`argMax(source, version) AS src, argMax(period_end, version) AS pe,
    argMax(activity, version) AS act, argMax(activity_unit, version) AS au,
    argMax(tco2e_location, version) AS loc, argMax(tco2e_market, version) AS mkt,
    argMax(tce, version) AS t, argMax(factor_ids, version) AS ids,
    argMax(factor_versions, version) AS vers, argMax(computed_at, version) AS ca`;
  const inner = currentLines(s, cols);
  const [rows, total] = await Promise.all([
    ch.query<Record<string, unknown>>(
      sql`SELECT reading_id, me, src, ty, sc, toUnixTimestamp(ps) AS ps_s, toUnixTimestamp(pe) AS pe_s,
        act, au, loc, mkt, t, ids, vers, toUnixTimestamp(ca) AS ca_s
        FROM (${inner}) ORDER BY ps, reading_id LIMIT ${page.offset}, ${page.limit}`,
    ),
    ch.query<{ n: string }>(sql`SELECT count() AS n FROM (${inner})`),
  ]);
  return {
    total: Number(total[0]?.n ?? 0),
    lines: rows.map((r) => ({
      readingId: String(r.reading_id),
      meterId: String(r.me),
      source: String(r.src),
      type: String(r.ty),
      scope: Number(r.sc),
      periodStart: isoFromUnix(r.ps_s as string),
      periodEnd: isoFromUnix(r.pe_s as string),
      activity: Number(r.act),
      activityUnit: String(r.au),
      tco2eLocation: Number(r.loc),
      tco2eMarket: Number(r.mkt),
      tce: Number(r.t),
      factors: (r.ids as string[]).map((id, i) => ({
        id,
        version: Number((r.vers as number[])[i]),
      })),
      computedAt: isoFromUnix(r.ca_s as string),
    })),
  };
}
