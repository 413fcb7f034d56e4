import { joinSql } from '@carbon-account/clickhouse';
import { queryApi } from '@carbon-account/schemas';
import type { z } from 'zod';
import type { RouteContext } from '../app.js';
import { authorizeOrg } from '../auth/access.js';
import { ledgerOf, monthlyAccountOf } from '../queries/account.js';
import { coverageTotals, meterCoverage } from '../queries/coverage.js';
import { emissionsSeries } from '../queries/emissions.js';
import { emissionLinesPage, explainLines } from '../queries/explain.js';
import { pageInfo, pageOf } from '../queries/page.js';
import { rejectionsOf } from '../queries/rejections.js';
import { dayRange, isoInstant, shiftMonth } from '../queries/time.js';
import { errorResponses, orgParams, queryString, type ZodApp } from './types.js';

const tags = ['enterprise data (org, bureau, consented bank)'];

/** An org's own data: the org, the bureau of its region and banks it consented to. */
export function orgDataRoutes(app: ZodApp, ctx: RouteContext) {
  const { ch } = ctx;

  app.get(
    '/orgs/:orgId/emissions',
    {
      schema: {
        tags,
        summary: 'Emissions series per hour, day or month by scope and energy type',
        params: orgParams,
        querystring: queryApi.emissionsQuery,
        response: { 200: queryApi.emissionsSeries, ...errorResponses },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const q = req.query;
      const grant = await authorizeOrg(ch, ctx.who(req), orgId, 'carbon_linked_loan');
      const scope = q.scope === undefined ? undefined : Number(q.scope);
      const points = await emissionsSeries(ch, {
        orgId,
        from: q.from,
        to: q.to,
        granularity: q.granularity,
        scope,
        type: q.type,
      });
      const { items, page } = pageOf(points, q);
      const body: queryApi.EmissionsSeries = {
        orgId,
        from: isoInstant(q.from),
        to: isoInstant(q.to),
        granularity: q.granularity,
        points: items,
        page,
      };
      if (queryApi.isFlagOn(q.explain)) {
        // Day and month buckets cover whole China days: explain the same lines.
        const range =
          q.granularity === 'hour'
            ? { from: queryApi.instantOf(q.from), to: queryApi.instantOf(q.to) }
            : wholeDays(q.from, q.to, q.granularity === 'month');
        body.explanation = await explainLines(
          ch,
          ctx.library,
          { orgIds: [orgId], ...range, scope, type: q.type },
          {
            method:
              'each point sums the current version of every emission line of the org whose period starts in the bucket; a line is activity × the factor records it names',
            readingsUrl: `/v1/orgs/${orgId}/emission-lines${queryString({
              from: range.from.toISOString(),
              to: range.to.toISOString(),
              scope,
              type: q.type,
            })}`,
          },
        );
      }
      await ctx.logPull(req, orgId, grant);
      return body;
    },
  );

  app.get(
    '/orgs/:orgId/emission-lines',
    {
      schema: {
        tags,
        summary: 'The emission lines behind a figure: reading, activity, factor records used',
        params: orgParams,
        querystring: queryApi.emissionsQuery,
        response: { 200: queryApi.emissionLines, ...errorResponses },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const q = req.query;
      const grant = await authorizeOrg(ch, ctx.who(req), orgId, 'carbon_linked_loan');
      const { total, lines } = await emissionLinesPage(
        ch,
        {
          orgIds: [orgId],
          from: queryApi.instantOf(q.from),
          to: queryApi.instantOf(q.to),
          scope: q.scope === undefined ? undefined : Number(q.scope),
          type: q.type,
        },
        q,
      );
      await ctx.logPull(req, orgId, grant);
      return { orgId, lines, page: pageInfo(q, total) };
    },
  );

  app.get(
    '/orgs/:orgId/account',
    {
      schema: {
        tags,
        summary: 'Monthly carbon account: totals by scope, tce, intensity, band, K, grade, assets',
        params: orgParams,
        querystring: queryApi.accountQuery,
        response: { 200: queryApi.monthlyAccountBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      const grant = await authorizeOrg(ch, ctx.who(req), orgId, 'carbon_linked_loan');
      const account = await monthlyAccountOf(ch, orgId, req.query.month);
      if (!account) {
        return reply.code(404).send({
          error: 'not found',
          message: `no account computed for ${req.query.month} yet`,
        });
      }
      const body: queryApi.MonthlyAccountBody = { ...account };
      if (queryApi.isFlagOn(req.query.explain)) {
        const from = queryApi.instantOf(`${req.query.month}-01`);
        const to = queryApi.instantOf(`${shiftMonth(req.query.month, 1)}-01`);
        body.explanation = await explainLines(
          ch,
          ctx.library,
          { orgIds: [orgId], from, to },
          {
            method: `totals sum the current emission lines of the month; intensity = location-based tCO2e ÷ (value added of report ${account.output?.reportId ?? '(none)'} / 10,000 CNY); K = intensity ÷ industry average; account version ${account.version}`,
            readingsUrl: `/v1/orgs/${orgId}/emission-lines${queryString({
              from: from.toISOString(),
              to: to.toISOString(),
            })}`,
            accountComputedAt: account.computedAt,
          },
        );
      }
      await ctx.logPull(req, orgId, grant);
      return body;
    },
  );

  app.get(
    '/orgs/:orgId/ledger',
    {
      schema: {
        tags,
        summary: 'Carbon-asset ledger with balance and hash-chain verification',
        params: orgParams,
        querystring: queryApi.listQuery,
        response: { 200: queryApi.ledgerBody, ...errorResponses },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const grant = await authorizeOrg(ch, ctx.who(req), orgId, 'carbon_linked_loan');
      const ledger = await ledgerOf(ch, orgId);
      const { items, page } = pageOf(ledger.entries, req.query);
      await ctx.logPull(req, orgId, grant);
      return {
        orgId,
        balanceTco2e: ledger.balanceTco2e,
        chain: ledger.chain,
        entries: items,
        page,
      };
    },
  );

  app.get(
    '/orgs/:orgId/rejections',
    {
      schema: {
        tags: ['enterprise data (org, bureau)'],
        summary: 'Readings of the org that were rejected, with the reasons',
        params: orgParams,
        querystring: queryApi.rangeListQuery,
        response: { 200: queryApi.rejectionsBody, ...errorResponses },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      await authorizeOrg(ch, ctx.who(req), orgId, undefined);
      const { total, rejections } = await rejectionsOf(
        ch,
        orgId,
        queryApi.instantOf(req.query.from),
        queryApi.instantOf(req.query.to),
        req.query,
      );
      return { orgId, rejections, page: pageInfo(req.query, total) };
    },
  );

  app.get(
    '/orgs/:orgId/coverage',
    {
      schema: {
        tags,
        summary: 'Data coverage: share of expected meter-hours received, per meter',
        params: orgParams,
        querystring: queryApi.coverageQuery,
        response: { 200: queryApi.coverageBody, ...errorResponses },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const grant = await authorizeOrg(ch, ctx.who(req), orgId, 'carbon_linked_loan');
      const { fromDay, toDay } = dayRange(req.query.from, req.query.to);
      const meters = await meterCoverage(ch, joinSql([orgId]), fromDay, toDay);
      const { items, page } = pageOf(meters, req.query);
      const body: z.infer<typeof queryApi.coverageBody> = {
        orgId,
        from: isoInstant(fromDay),
        to: isoInstant(toDay),
        ...coverageTotals(meters),
        meters: items,
        page,
      };
      if (queryApi.isFlagOn(req.query.explain)) {
        const range = { from: queryApi.instantOf(fromDay), to: queryApi.instantOf(toDay) };
        body.explanation = await explainLines(
          ch,
          ctx.library,
          { orgIds: [orgId], ...range },
          {
            method:
              'per meter: hours with an hourly reading (period ≤ 1 h) from any source ÷ hours of the whole China-time days of the range; the lines listed include monthly deliveries, which count in no meter-hour',
            readingsUrl: `/v1/orgs/${orgId}/emission-lines${queryString({
              from: range.from.toISOString(),
              to: range.to.toISOString(),
            })}`,
          },
        );
      }
      await ctx.logPull(req, orgId, grant);
      return body;
    },
  );
}

function wholeDays(from: string, to: string, months: boolean) {
  let { fromDay, toDay } = dayRange(from, to);
  if (months) {
    fromDay = `${fromDay.slice(0, 7)}-01`;
    if (!toDay.endsWith('-01')) toDay = `${shiftMonth(toDay.slice(0, 7), 1)}-01`;
  }
  return { from: queryApi.instantOf(fromDay), to: queryApi.instantOf(toDay) };
}
