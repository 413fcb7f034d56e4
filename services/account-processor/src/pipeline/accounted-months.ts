import { type ClickHouse, joinSql, sql } from '@carbon-account/clickhouse';

/** The months that already have an account, per org. */
export async function accountedMonths(
  ch: ClickHouse,
  orgIds: readonly string[],
): Promise<Map<string, string[]>> {
  const months = new Map<string, string[]>();
  if (orgIds.length === 0) return months;
  const rows = await ch.query<{ org_id: string; m: string }>(sql`
    SELECT DISTINCT org_id, month AS m FROM monthly_accounts WHERE org_id IN (${joinSql(orgIds)})`);
  for (const r of rows) months.set(r.org_id, [...(months.get(r.org_id) ?? []), r.m]);
  return months;
}
