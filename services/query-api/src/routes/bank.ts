import { queryApi } from '@carbon-account/schemas';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import { authorizeOrg, HttpError, requireKind } from '../auth/access.js';
import { activeConsentsOfBank } from '../queries/consents.js';
import { explainLines } from '../queries/explain.js';
import { orgsInfo } from '../queries/orgs.js';
import { pageInfo } from '../queries/page.js';
import { bankProfile } from '../queries/profile.js';
import { projectReduction, projectsOf } from '../queries/projects.js';
import { lastCompleteMonth, shiftMonth } from '../queries/time.js';
import { errorResponses, orgParams, queryString, type ZodApp } from './types.js';

const tags = ['bank (with the org’s consent)'];
const params = orgParams.extend({ bankId: queryApi.bankId });
const projectParams = params.extend({ projectId: z.string().min(1).max(64) });

const monthRange = (from: string, to: string) => ({
  from: queryApi.instantOf(`${from}-01`),
  to: queryApi.instantOf(`${shiftMonth(to, 1)}-01`),
});

/** Banks, for orgs that consented: the carbon profile and metered project reductions. */
export function bankRoutes(app: ZodApp, ctx: RouteContext) {
  const { ch } = ctx;

  /** The caller must be this bank. */
  function thisBank(req: Parameters<RouteContext['who']>[0], bankId: string) {
    const who = ctx.who(req);
    requireKind(who, 'bank');
    if (who.bankId !== bankId)
      throw new HttpError(403, 'forbidden', 'this key is for another bank');
    return who;
  }

  /** The caller must be this bank, and hold the org's consent for the purpose. */
  async function bankGrant(
    req: Parameters<RouteContext['who']>[0],
    bankId: string,
    orgId: string,
    purpose: queryApi.ConsentPurpose,
  ) {
    return authorizeOrg(ch, thisBank(req, bankId), orgId, purpose);
  }

  app.get(
    '/banks/:bankId/orgs',
    {
      schema: {
        tags,
        summary: 'The orgs whose consent this bank holds now, per purpose, with its expiry',
        params: z.object({ bankId: queryApi.bankId }),
        querystring: queryApi.listQuery,
        response: { 200: queryApi.bankOrgsBody, ...errorResponses },
      },
    },
    async (req) => {
      const { bankId } = req.params;
      thisBank(req, bankId);
      const { total, consents } = await activeConsentsOfBank(ch, bankId, req.query);
      const registry = await orgsInfo(
        ch,
        consents.map((c) => c.orgId),
      );
      const orgs = consents.map((c) => ({ ...c, name: registry.get(c.orgId)?.name ?? null }));
      return { bankId, orgs, page: pageInfo(req.query, total) };
    },
  );

  async function profileOf(
    req: Parameters<RouteContext['who']>[0],
    p: z.infer<typeof params>,
    q: z.infer<typeof queryApi.profileQuery>,
  ) {
    const grant = await bankGrant(req, p.bankId, p.orgId, 'carbon_linked_loan');
    const month = q.month ?? lastCompleteMonth();
    const body: queryApi.ProfileBody = await bankProfile(ch, p.orgId, p.bankId, month);
    if (queryApi.isFlagOn(q.explain)) {
      const range = monthRange(shiftMonth(month, -11), month);
      body.explanation = await explainLines(
        ch,
        ctx.library,
        { orgIds: [p.orgId], ...range },
        {
          method:
            'trend and grades from the current monthly account of each month; coverage = hourly readings received ÷ hours of the 12 months, per meter that reported',
          readingsUrl: null,
        },
      );
    }
    return { grant, body };
  }

  app.get(
    '/banks/:bankId/orgs/:orgId/profile',
    {
      schema: {
        tags,
        summary: '12-month intensity trend, grade history, asset balance, coverage, quality flags',
        params,
        querystring: queryApi.profileQuery,
        response: { 200: queryApi.profileBody, ...errorResponses },
      },
    },
    async (req) => {
      const { grant, body } = await profileOf(req, req.params, req.query);
      await ctx.logPull(req, req.params.orgId, grant);
      return body;
    },
  );

  app.get(
    '/banks/:bankId/orgs/:orgId/profile.csv',
    {
      schema: {
        tags,
        summary: 'The profile as CSV, one row per month',
        params,
        querystring: queryApi.profileQuery,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const { grant, body } = await profileOf(req, req.params, {
        ...req.query,
        explain: undefined,
      });
      const csv = stringify(
        body.months.map((m) => ({
          org_id: body.orgId,
          month: m.month,
          tco2e_location: m.tco2eLocation,
          intensity_value_added: m.intensityValueAdded ?? '',
          intensity_output: m.intensityOutput ?? '',
          band: m.band ?? '',
          k: m.k ?? '',
          grade: m.grade ?? '',
          provisional: m.provisional ? 1 : 0,
          asset_balance_tco2e: body.assetBalanceTco2e,
          coverage_share: body.coverage.share ?? '',
        })),
        { header: true },
      );
      await ctx.logPull(req, req.params.orgId, grant);
      return reply.type('text/csv; charset=utf-8').send(csv);
    },
  );

  async function reductionOf(
    req: Parameters<RouteContext['who']>[0],
    p: z.infer<typeof projectParams>,
    q: z.infer<typeof queryApi.reductionQuery>,
  ) {
    const grant = await bankGrant(req, p.bankId, p.orgId, 'emission_reduction_disclosure');
    const [project] = await projectsOf(ch, p.orgId, p.projectId);
    if (!project) throw new HttpError(404, 'not found', 'projectId: no such project of this org');
    const { months, total } = await projectReduction(ch, project, q.from, q.to);
    const body: z.infer<typeof queryApi.reductionBody> = {
      orgId: p.orgId,
      projectId: project.projectId,
      name: project.name,
      from: q.from,
      to: q.to,
      meterIds: project.meterIds,
      months,
      totalReductionTco2e: total,
    };
    if (queryApi.isFlagOn(q.explain)) {
      const range = monthRange(q.from, q.to);
      body.explanation = await explainLines(
        ch,
        ctx.library,
        { orgIds: [p.orgId], ...range, meterIds: project.meterIds },
        {
          method: `per month: baseline ${project.baselineTco2ePerMonth} tCO2e − location-based emissions of meters ${project.meterIds.join(', ')}`,
          readingsUrl: `/v1/orgs/${p.orgId}/emission-lines${queryString({
            from: range.from.toISOString(),
            to: range.to.toISOString(),
          })}`,
        },
      );
    }
    return { grant, body };
  }

  app.get(
    '/banks/:bankId/orgs/:orgId/projects/:projectId/reduction',
    {
      schema: {
        tags,
        summary: 'Metered emission reduction of a project per month (baseline − metered)',
        params: projectParams,
        querystring: queryApi.reductionQuery,
        response: { 200: queryApi.reductionBody, ...errorResponses },
      },
    },
    async (req) => {
      const { grant, body } = await reductionOf(req, req.params, req.query);
      await ctx.logPull(req, req.params.orgId, grant);
      return body;
    },
  );

  app.get(
    '/banks/:bankId/orgs/:orgId/projects/:projectId/reduction.csv',
    {
      schema: {
        tags,
        summary: 'The project reduction as CSV, one row per month',
        params: projectParams,
        querystring: queryApi.reductionQuery,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const { grant, body } = await reductionOf(req, req.params, {
        ...req.query,
        explain: undefined,
      });
      const csv = stringify(
        body.months.map((m) => ({
          org_id: body.orgId,
          project_id: body.projectId,
          month: m.month,
          baseline_tco2e: m.baselineTco2e,
          metered_tco2e: m.meteredTco2e,
          reduction_tco2e: m.reductionTco2e,
          lines: m.lines,
        })),
        { header: true },
      );
      await ctx.logPull(req, req.params.orgId, grant);
      return reply.type('text/csv; charset=utf-8').send(csv);
    },
  );
}
