import { commonEnv, csvList, port } from '@carbon-account/runtime';
import { z } from 'zod';

export const accountProcessorEnv = z.object({
  ...commonEnv,
  KAFKA_BROKERS: csvList,
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_GROUP_ID: z.string().default('account-processor'),
  CLICKHOUSE_URL: z.url(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('carbon'),
  CLICKHOUSE_SQL_LOG: z.string().optional(),
  /** Ops server: /healthz, /readyz, /metrics. */
  PORT: port.default(9102),
  /** The org registry, JSON `{ "orgs": [...] }` (schemas orgRegistryFile); reloaded when it changes. */
  ORG_REGISTRY_FILE: z.string().min(1),
  /** How often the registry file is checked for changes. */
  REGISTRY_POLL_MS: z.coerce.number().int().min(100).default(2_000),
  /**
   * Optional JSON `{ "benchmarks": [{ "section": "C", "month"?: "2025-03", "intensity": 1.9,
   * "source": "…" }] }`: configured industry averages, which win over the region's data.
   */
  INDUSTRY_BENCHMARKS_FILE: z.string().optional(),
  /** A dirty (section, month) is recomputed at most this often. */
  RECOMPUTE_INTERVAL_MS: z.coerce.number().int().min(100).default(2_000),
  /** At most this many (section, month) recomputations per cycle; the rest wait for the next. */
  MAX_SECTION_MONTHS_PER_CYCLE: z.coerce.number().int().min(1).default(24),
  MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(30_000),
  /** The factor library must be configured as in the emissions processor (onsite-pv credits use grid factors). */
  GWP_SET: z.enum(['AR5', 'AR6']).default('AR6'),
  FACTOR_OVERRIDES_FILE: z.string().optional(),
  FACTOR_PINS: z.string().optional(),
});

export type AccountProcessorConfig = z.infer<typeof accountProcessorEnv>;
