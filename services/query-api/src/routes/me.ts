import { queryApi } from '@carbon-account/schemas';
import type { RouteContext } from '../app.js';
import { errorResponses, type ZodApp } from './types.js';

/** Whose key this is: what a client needs to show only the pages its principal may see. */
export function meRoutes(app: ZodApp, ctx: RouteContext) {
  app.get(
    '/me',
    {
      schema: {
        tags: ['any key'],
        summary: "This key's id and principal: bureau and region, enterprise and orgs, or bank",
        response: { 200: queryApi.meBody, ...errorResponses },
      },
    },
    async (req) => {
      const principal = ctx.who(req);
      return { keyId: req.caller?.keyId ?? '', principal };
    },
  );
}
