import { commonEnv, port } from '@carbon-account/runtime';
import { z } from 'zod';

export const dashboardEnv = z.object({
  ...commonEnv,
  /** Where the query API answers; the dashboard forwards the browser's /v1/* calls there. */
  QUERY_API_URL: z.url(),
  PORT: port.default(8090),
  HOST: z.string().default('127.0.0.1'),
  /** Upper bound on one forwarded API call, so a stuck API shows an error, not a spinner. */
  QUERY_API_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});

export type DashboardConfig = z.infer<typeof dashboardEnv>;
