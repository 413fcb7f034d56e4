import { queryApi } from '@carbon-account/schemas';
import { z } from 'zod';
import type { RouteContext } from '../app.js';
import { authorizeOwner, HttpError } from '../auth/access.js';
import { accessLogOf, consentsOf, grantConsent, revokeConsents } from '../queries/consents.js';
import { pageInfo } from '../queries/page.js';
import { projectsOf, registerProject } from '../queries/projects.js';
import { errorResponses, orgParams, type ZodApp } from './types.js';

const tags = ['the org itself'];

/** What only the org itself manages: consents to banks, its access log, its projects. */
export function consentRoutes(app: ZodApp, ctx: RouteContext) {
  const { ch } = ctx;
  const keyId = (req: { caller?: { keyId: string } }) => req.caller?.keyId ?? '';

  app.post(
    '/orgs/:orgId/consents',
    {
      schema: {
        tags,
        summary: 'Grant (or renew) a bank access to this org for a purpose until expiresAt',
        params: orgParams,
        body: queryApi.consentRequest,
        response: { 201: queryApi.consentBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      authorizeOwner(ctx.who(req), orgId);
      const expiresAt = new Date(req.body.expiresAt);
      if (expiresAt.getTime() <= Date.now())
        throw new HttpError(400, 'bad request', 'expiresAt: must be in the future');
      await grantConsent(ch, { orgId, ...req.body, expiresAt, by: keyId(req) });
      const [consent] = (await consentsOf(ch, orgId, req.body.bankId)).filter(
        (c) => c.purpose === req.body.purpose,
      );
      if (!consent) throw new Error('the consent just written was not read back');
      return reply.code(201).send(consent);
    },
  );

  app.get(
    '/orgs/:orgId/consents',
    {
      schema: {
        tags,
        summary: 'Consents of this org: active, expired and revoked',
        params: orgParams,
        response: { 200: queryApi.consentsBody, ...errorResponses },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      authorizeOwner(ctx.who(req), orgId);
      return { orgId, consents: await consentsOf(ch, orgId) };
    },
  );

  app.delete(
    '/orgs/:orgId/consents/:bankId',
    {
      schema: {
        tags,
        summary: 'Revoke every consent of this org to the bank; holds from the next request',
        params: orgParams.extend({ bankId: queryApi.bankId }),
        response: {
          200: z.object({ orgId: z.string(), bankId: z.string(), revoked: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { orgId, bankId } = req.params;
      authorizeOwner(ctx.who(req), orgId);
      const revoked = await revokeConsents(ch, orgId, bankId, keyId(req));
      return { orgId, bankId, revoked };
    },
  );

  app.get(
    '/orgs/:orgId/access-log',
    {
      schema: {
        tags,
        summary: "Every bank's data pulls about this org, newest first",
        params: orgParams,
        querystring: queryApi.listQuery,
        response: { 200: queryApi.accessLogBody, ...errorResponses },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      authorizeOwner(ctx.who(req), orgId);
      const { total, entries } = await accessLogOf(ch, orgId, req.query);
      return { orgId, entries, page: pageInfo(req.query, total) };
    },
  );

  app.post(
    '/orgs/:orgId/projects',
    {
      schema: {
        tags,
        summary: 'Register (or re-register) an emission-reduction project: meters and baseline',
        params: orgParams,
        body: queryApi.projectRequest,
        response: { 201: queryApi.projectBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      authorizeOwner(ctx.who(req), orgId);
      await registerProject(ch, orgId, req.body);
      const [project] = await projectsOf(ch, orgId, req.body.projectId);
      if (!project) throw new Error('the project just written was not read back');
      return reply.code(201).send(project);
    },
  );

  app.get(
    '/orgs/:orgId/projects',
    {
      schema: {
        tags,
        summary: 'Emission-reduction projects of this org',
        params: orgParams,
        response: { 200: queryApi.projectsBody, ...errorResponses },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      authorizeOwner(ctx.who(req), orgId);
      return { orgId, projects: await projectsOf(ch, orgId) };
    },
  );
}
