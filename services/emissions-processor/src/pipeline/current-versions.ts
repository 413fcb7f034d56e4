import { type ClickHouse, joinSql, sql } from '@carbon-account/clickhouse';

/** The stored current version of a reading's emission line, as the views counted it. */
export interface StoredLine {
  contentHash: string;
  version: number;
  scope: number;
  type: string;
  periodStart: number;
  tco2eLocation: number;
  tco2eMarket: number;
  tce: number;
  activity: number;
}

export const lineKey = (orgId: string, readingId: string) => `${orgId}\u0001${readingId}`;

// Aliases never reuse a column name: ClickHouse substitutes an alias wherever the name
// appears, so `max(version) AS version` would nest aggregates.
/**
 * Step 3: the current stored version of each reading in the batch (argMax by version,
 * whatever merges have or have not happened). One query per batch.
 */
export async function currentVersions(
  ch: ClickHouse,
  keys: readonly { orgId: string; readingId: string }[],
): Promise<Map<string, StoredLine>> {
  const found = new Map<string, StoredLine>();
  if (keys.length === 0) return found;
  const orgs = [...new Set(keys.map((k) => k.orgId))];
  const ids = [...new Set(keys.map((k) => k.readingId))];
  const rows = await ch.query<Record<string, string | number>>(sql`
    SELECT org_id, reading_id,
      argMax(content_hash, version) AS cur_hash, max(version) AS cur_version,
      argMax(scope, version) AS cur_scope, argMax(type, version) AS cur_type,
      toUnixTimestamp(argMax(period_start, version)) AS cur_period_start,
      argMax(tco2e_location, version) AS cur_location, argMax(tco2e_market, version) AS cur_market,
      argMax(tce, version) AS cur_tce, argMax(activity, version) AS cur_activity
    FROM emission_lines
    WHERE org_id IN (${joinSql(orgs)}) AND reading_id IN (${joinSql(ids)})
    GROUP BY org_id, reading_id`);
  for (const r of rows) {
    found.set(lineKey(String(r.org_id), String(r.reading_id)), {
      contentHash: String(r.cur_hash),
      version: Number(r.cur_version),
      scope: Number(r.cur_scope),
      type: String(r.cur_type),
      periodStart: Number(r.cur_period_start),
      tco2eLocation: Number(r.cur_location),
      tco2eMarket: Number(r.cur_market),
      tce: Number(r.cur_tce),
      activity: Number(r.cur_activity),
    });
  }
  return found;
}
