import { type ClickHouse, joinSql, sql } from '@carbon-account/clickhouse';
import type { MonthChange } from '../accounts/recompute-targets.js';
import type { LineIdentity } from './decode.js';

/**
 * The months that corrections in these lines took readings out of. A line message names
 * only its new month; a correction that moved a reading's period to another month also
 * changed the old one, whose figures the stored line keeps in prev_period_start
 * (migration 0002). One query per batch; the IN lists may match a little more than the
 * exact (org, reading, version) triples, which costs at most an unneeded recomputation.
 */
export async function movedFromMonths(
  ch: ClickHouse,
  lines: readonly LineIdentity[],
): Promise<MonthChange[]> {
  if (lines.length === 0) return [];
  const rows = await ch.query<{ org_id: string; m: string }>(sql`
    SELECT DISTINCT org_id, formatDateTime(prev_period_start, '%Y-%m', 'Asia/Shanghai') AS m
    FROM emission_lines
    WHERE org_id IN (${joinSql([...new Set(lines.map((l) => l.orgId))])})
      AND reading_id IN (${joinSql([...new Set(lines.map((l) => l.readingId))])})
      AND version IN (${joinSql([...new Set(lines.map((l) => l.version))].map(BigInt))})
      AND prev_version > 0`);
  const named = new Set(lines.map((l) => `${l.orgId}|${l.month}`));
  return rows
    .filter((r) => !named.has(`${r.org_id}|${r.m}`))
    .map((r) => ({ orgId: r.org_id, month: r.m, ledgerOwner: true }));
}
