import { joinSql, type SqlFragment } from '@carbon-account/clickhouse';
import { queryApi } from '@carbon-account/schemas';
import type { RouteContext } from '../app.js';
import { HttpError, requireKind } from '../auth/access.js';
import { coverageTotals, meterCoverage } from '../queries/coverage.js';
import { explainLines } from '../queries/explain.js';
import { regionOrgIds } from '../queries/orgs.js';
import { pageInfo, pageOf } from '../queries/page.js';
import { anomalies, lateReadings } from '../queries/quality.js';
import { monthOverMonth, regionSummary, topEmitters } from '../queries/region.js';
import { rejectionsByReason } from '../queries/rejections.js';
import { dayRange, isoInstant, shiftMonth } from '../queries/time.js';
import { errorResponses, type ZodApp } from './types.js';

const tags = ['bureau'];

/** Ids of a region's orgs, for explanations that name lines (bounded by the registry). */
async function regionOrgList(ctx: RouteContext, regionCode: string): Promise<string[]> {
  const rows = await ctx.ch.query<{ org_id: string }>(regionOrgIds(regionCode));
  return rows.map((r) => r.org_id);
}

export function regionRoutes(app: ZodApp, ctx: RouteContext) {
  const { ch } = ctx;

  app.get(
    '/region/summary',
    {
      schema: {
        tags,
        summary: "Emissions of the bureau's region grouped by town, industry or energy type",
        querystring: queryApi.regionSummaryQuery,
        response: { 200: queryApi.regionSummaryBody, ...errorResponses },
      },
    },
    async (req) => {
      const who = ctx.who(req);
      requireKind(who, 'bureau');
      const q = req.query;
      const { fromDay, toDay } = dayRange(q.from, q.to);
      const groups = await regionSummary(ch, who.regionCode, fromDay, toDay, q.groupBy);
      const { items, page } = pageOf(groups, q);
      const body: queryApi.RegionSummaryBody = {
        regionCode: who.regionCode,
        from: isoInstant(fromDay),
        to: isoInstant(toDay),
        groupBy: q.groupBy,
        groups: items,
        page,
      };
      if (queryApi.isFlagOn(q.explain)) {
        body.explanation = await explainLines(
          ch,
          ctx.library,
          {
            orgIds: await regionOrgList(ctx, who.regionCode),
            from: queryApi.instantOf(fromDay),
            to: queryApi.instantOf(toDay),
          },
          {
            method:
              'each group sums the current emission lines of the registry orgs of the region (their current town and industry) over whole China-time days',
            readingsUrl: null,
          },
        );
      }
      return body;
    },
  );

  app.get(
    '/region/top-emitters',
    {
      schema: {
        tags,
        summary: 'Orgs of the region ranked by location-based emissions',
        querystring: queryApi.topEmittersQuery,
        response: { 200: queryApi.topEmittersBody, ...errorResponses },
      },
    },
    async (req) => {
      const who = ctx.who(req);
      requireKind(who, 'bureau');
      const q = req.query;
      const { fromDay, toDay } = dayRange(q.from, q.to);
      const emitters = await topEmitters(ch, who.regionCode, fromDay, toDay);
      const { items, page } = pageOf(emitters, q);
      const body = {
        regionCode: who.regionCode,
        from: isoInstant(fromDay),
        to: isoInstant(toDay),
        emitters: items,
        page,
        explanation: queryApi.isFlagOn(q.explain)
          ? await explainLines(
              ch,
              ctx.library,
              {
                orgIds: items.map((e) => e.orgId),
                from: queryApi.instantOf(fromDay),
                to: queryApi.instantOf(toDay),
              },
              {
                method: 'per org, the sum of its current emission lines over the range',
                readingsUrl: null,
              },
            )
          : undefined,
      };
      return body;
    },
  );

  app.get(
    '/region/month-over-month',
    {
      schema: {
        tags,
        summary: 'Change of location-based emissions against the previous month, per group',
        querystring: queryApi.monthOverMonthQuery,
        response: { 200: queryApi.monthOverMonthBody, ...errorResponses },
      },
    },
    async (req) => {
      const who = ctx.who(req);
      requireKind(who, 'bureau');
      const previousMonth = shiftMonth(req.query.month, -1);
      const groups = await monthOverMonth(
        ch,
        who.regionCode,
        req.query.month,
        previousMonth,
        req.query.groupBy,
      );
      const { items, page } = pageOf(groups, req.query);
      return {
        regionCode: who.regionCode,
        month: req.query.month,
        previousMonth,
        groupBy: req.query.groupBy,
        groups: items,
        page,
        explanation: queryApi.isFlagOn(req.query.explain)
          ? await explainLines(
              ch,
              ctx.library,
              {
                orgIds: await regionOrgList(ctx, who.regionCode),
                from: queryApi.instantOf(`${previousMonth}-01`),
                to: queryApi.instantOf(`${shiftMonth(req.query.month, 1)}-01`),
              },
              {
                method:
                  'per group, the current emission lines of the registry orgs of the region in each China-time month; change = this month − the previous one',
                readingsUrl: null,
              },
            )
          : undefined,
      };
    },
  );

  app.get(
    '/data-quality',
    {
      schema: {
        tags: ['bureau', 'enterprise'],
        summary:
          'Rejections by reason, orgs with gaps or late data, anomalous readings (bureau: its region; enterprise: its orgs)',
        querystring: queryApi.dataQualityQuery,
        response: { 200: queryApi.dataQualityBody, ...errorResponses },
      },
    },
    async (req) => {
      const who = ctx.who(req);
      requireKind(who, 'bureau', 'enterprise');
      const q = req.query;
      let orgs: SqlFragment;
      if (who.kind === 'enterprise') {
        if (q.orgId && !who.orgIds.includes(q.orgId))
          throw new HttpError(403, 'forbidden', 'orgId: this key is for other orgs');
        orgs = joinSql(q.orgId ? [q.orgId] : who.orgIds);
      } else {
        if (q.orgId && !(await regionOrgList(ctx, who.regionCode)).includes(q.orgId))
          throw new HttpError(404, 'not found', `orgId: no org of region ${who.regionCode}`);
        orgs = q.orgId ? joinSql([q.orgId]) : regionOrgIds(who.regionCode);
      }
      const from = queryApi.instantOf(q.from);
      const to = queryApi.instantOf(q.to);
      const { fromDay, toDay } = dayRange(q.from, q.to);
      const [reasons, meters, late, found] = await Promise.all([
        rejectionsByReason(ch, orgs, from, to, who.kind === 'bureau' && !q.orgId),
        meterCoverage(ch, orgs, fromDay, toDay),
        lateReadings(ch, orgs, from, to),
        anomalies(ch, orgs, from, to),
      ]);
      const byOrg = new Map<string, typeof meters>();
      for (const m of meters) byOrg.set(m.orgId, [...(byOrg.get(m.orgId) ?? []), m]);
      const orgIds = [...new Set([...byOrg.keys(), ...late.keys()])].sort();
      const orgRows = orgIds
        .map((orgId) => {
          const c = coverageTotals(byOrg.get(orgId) ?? []);
          return {
            orgId,
            expectedMeterHours: c.expectedMeterHours,
            receivedMeterHours: c.receivedMeterHours,
            coverage: c.share,
            lateReadings: late.get(orgId) ?? 0,
            hasGaps: c.share !== null && c.share < 1,
          };
        })
        .filter((o) => o.hasGaps || o.lateReadings > 0);
      const { items, page } = pageOf(found, q);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        rejectionsByReason: reasons,
        orgs: orgRows,
        anomalies: items,
        page: pageInfo(q, page.total),
      };
    },
  );
}
