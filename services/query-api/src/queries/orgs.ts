import { type ClickHouse, joinSql, type SqlFragment, sql } from '@carbon-account/clickhouse';

export interface OrgInfo {
  orgId: string;
  name: string;
  town: string;
  industrySection: string;
  regionCode: string;
}

/** Current registry entries (the highest version of each org). */
export const currentOrgs = sql`SELECT org_id, argMax(name, version) AS org_name,
  argMax(town, version) AS town, argMax(industry_section, version) AS industry,
  argMax(region_code, version) AS region FROM orgs GROUP BY org_id`;

/** SQL for the ids of a region's orgs, for `org_id IN (…)`. */
export const regionOrgIds = (regionCode: string): SqlFragment =>
  sql`SELECT org_id FROM (${currentOrgs}) WHERE region = ${regionCode}`;

export async function orgInfo(ch: ClickHouse, orgId: string): Promise<OrgInfo | undefined> {
  return (await orgsInfo(ch, [orgId])).get(orgId);
}

/** Current registry entries of these orgs; an org not in the registry is not in the map. */
export async function orgsInfo(
  ch: ClickHouse,
  orgIds: readonly string[],
): Promise<Map<string, OrgInfo>> {
  const found = new Map<string, OrgInfo>();
  if (orgIds.length === 0) return found;
  const rows = await ch.query<Record<string, string>>(
    sql`SELECT org_id, argMax(name, version) AS org_name, argMax(town, version) AS town,
      argMax(industry_section, version) AS industry, argMax(region_code, version) AS region
      FROM orgs WHERE org_id IN (${joinSql([...orgIds])}) GROUP BY org_id`,
  );
  for (const r of rows) {
    found.set(r.org_id as string, {
      orgId: r.org_id as string,
      name: r.org_name as string,
      town: r.town as string,
      industrySection: r.industry as string,
      regionCode: r.region as string,
    });
  }
  return found;
}
