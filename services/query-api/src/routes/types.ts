import { orgId, queryApi } from '@carbon-account/schemas';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Answers every endpoint may give besides its own: each a `problem` body. */
export const errorResponses = {
  400: queryApi.problem,
  401: queryApi.problem,
  403: queryApi.problem,
  404: queryApi.problem,
  429: queryApi.problem,
  503: queryApi.problem,
};

export const orgParams = z.object({ orgId });

/** `?x=…&y=…` of the given entries, skipping undefined. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  return `?${q.toString()}`;
}
