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

/**
 * Text of the IN lists one lookup may carry: ClickHouse refuses a query longer than its
 * max_query_size (256 KiB by default), and a batch of 15,000 readings has about 500 KB
 * of reading ids.
 */
const MAX_LOOKUP_TEXT = 200_000;

/**
 * Step 5: the current stored version of each reading in the batch (argMax by version,
 * whatever merges have or have not happened). One query per 200 KB of keys (3,000-4,000
 * keys), all at once.
 */
export async function currentVersions(
  ch: ClickHouse,
  keys: readonly { orgId: string; readingId: string }[],
): Promise<Map<string, StoredLine>> {
  const found = new Map<string, StoredLine>();
  // By org, so that a query's two IN lists cross few orgs with their own reading ids.
  const sorted = [...keys].sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0));
  const chunks: { orgs: Set<string>; ids: Set<string> }[] = [];
  let text = Number.POSITIVE_INFINITY;
  for (const key of sorted) {
    if (text > MAX_LOOKUP_TEXT) {
      chunks.push({ orgs: new Set(), ids: new Set() });
      text = 0;
    }
    const chunk = chunks[chunks.length - 1] as (typeof chunks)[number];
    chunk.orgs.add(key.orgId);
    chunk.ids.add(key.readingId);
    text += key.readingId.length + key.orgId.length + 8;
  }
  const results = await Promise.all(chunks.map((c) => storedLines(ch, [...c.orgs], [...c.ids])));
  for (const rows of results) {
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
  }
  return found;
}

// Aliases never reuse a column name: ClickHouse substitutes an alias wherever the name
// appears, so `max(version) AS version` would nest aggregates. PREWHERE: the keys are
// read first and the other nine columns only for the rows that match, usually none.
// ClickHouse does not move conditions on key columns to PREWHERE by itself, and every
// part has a granule (8,192 rows) to read for each org of the batch.
function storedLines(ch: ClickHouse, orgs: readonly string[], ids: readonly string[]) {
  return ch.query<Record<string, string | number>>(sql`
    SELECT org_id, reading_id,
      argMax(content_hash, version) AS cur_hash, max(version) AS cur_version,
      argMax(scope, version) AS cur_scope, argMax(type, version) AS cur_type,
      toUnixTimestamp(argMax(period_start, version)) AS cur_period_start,
      argMax(tco2e_location, version) AS cur_location, argMax(tco2e_market, version) AS cur_market,
      argMax(tce, version) AS cur_tce, argMax(activity, version) AS cur_activity
    FROM emission_lines
    PREWHERE org_id IN (${joinSql(orgs)}) AND reading_id IN (${joinSql(ids)})
    GROUP BY org_id, reading_id`);
}
