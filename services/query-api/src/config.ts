import { factorEnv } from '@carbon-account/accounting';
import { clickhouseEnv, commonEnv, port } from '@carbon-account/runtime';
import { z } from 'zod';

export const queryApiEnv = z.object({
  ...commonEnv,
  ...clickhouseEnv,
  /** A request runs up to 6 queries at once (bank profile): more than the client's default 10. */
  CLICKHOUSE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(256).default(48),
  PORT: port.default(8080),
  HOST: z.string().default('127.0.0.1'),
  /** JSON file of API keys (hashed) and their principals; see README.md, "API keys". */
  QUERY_API_KEYS_FILE: z.string().min(1),
  /** Requests per minute per API key (per address for requests without a key). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  /** Same factor settings as the emissions processor, to describe the records lines name. */
  ...factorEnv,
  /** Bank pulls wait at most this long for their access-log entry to be written with others. */
  ACCESS_LOG_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(20),
});

export type QueryApiConfig = z.infer<typeof queryApiEnv>;
