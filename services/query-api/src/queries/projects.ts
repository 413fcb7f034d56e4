import { type ClickHouse, joinSql, sql } from '@carbon-account/clickhouse';
import type { queryApi } from '@carbon-account/schemas';
import type { z } from 'zod';
import { isoFromUnix, shiftMonth } from './time.js';

type ProjectRequest = z.infer<typeof queryApi.projectRequest>;
type Project = z.infer<typeof queryApi.projectBody>;

export async function registerProject(ch: ClickHouse, orgId: string, p: ProjectRequest) {
  const now = Date.now();
  await ch.insert('projects', [
    {
      org_id: orgId,
      project_id: p.projectId,
      name: p.name,
      meter_ids: p.meterIds,
      baseline_tco2e_per_month: p.baselineTco2ePerMonth,
      start_month: p.startMonth,
      registered_at: Math.floor(now / 1000),
      version: now,
    },
  ]);
}

export async function projectsOf(
  ch: ClickHouse,
  orgId: string,
  projectId?: string,
): Promise<Project[]> {
  const rows = await ch.query<Record<string, unknown>>(
    sql`SELECT project_id, argMax(name, version) AS n, argMax(meter_ids, version) AS meters,
      argMax(baseline_tco2e_per_month, version) AS baseline, argMax(start_month, version) AS start,
      toUnixTimestamp(argMax(registered_at, version)) AS reg
      FROM projects WHERE org_id = ${orgId} ${projectId === undefined ? sql`` : sql`AND project_id = ${projectId}`}
      GROUP BY project_id ORDER BY project_id`,
  );
  return rows.map((r) => ({
    orgId,
    projectId: String(r.project_id),
    name: String(r.n),
    meterIds: r.meters as string[],
    baselineTco2ePerMonth: Number(r.baseline),
    startMonth: String(r.start),
    registeredAt: isoFromUnix(r.reg as string),
  }));
}

/**
 * Metered reduction of a project per month: baseline − location-based emissions of its
 * meters (from meter_daily). Months before the project started are left out.
 */
export async function projectReduction(ch: ClickHouse, project: Project, from: string, to: string) {
  const first = from < project.startMonth ? project.startMonth : from;
  const rows = await ch.query<{ m: string; loc: number; n: string }>(
    sql`SELECT formatDateTime(toStartOfMonth(day), '%Y-%m') AS m, sum(tco2e_location) AS loc,
      sum(lines) AS n FROM meter_daily
      WHERE org_id = ${project.orgId} AND meter_id IN (${joinSql(project.meterIds)})
        AND day >= toDate(${`${first}-01`}) AND toStartOfMonth(day) <= toDate(${`${to}-01`})
      GROUP BY m ORDER BY m`,
  );
  const byMonth = new Map(rows.map((r) => [r.m, r]));
  const months: string[] = [];
  for (let m = first; m <= to; m = shiftMonth(m, 1)) months.push(m);
  const out = months.map((month) => {
    const r = byMonth.get(month);
    const metered = Number(r?.loc ?? 0);
    return {
      month,
      baselineTco2e: project.baselineTco2ePerMonth,
      meteredTco2e: metered,
      reductionTco2e: project.baselineTco2ePerMonth - metered,
      lines: Number(r?.n ?? 0),
    };
  });
  return { months: out, total: out.reduce((s, m) => s + m.reductionTco2e, 0) };
}
