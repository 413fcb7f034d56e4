import { commonEnv, csvList, port } from '@carbon-account/runtime';
import { z } from 'zod';

export const emissionsProcessorEnv = z.object({
  ...commonEnv,
  KAFKA_BROKERS: csvList,
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_GROUP_ID: z.string().default('emissions-processor'),
  CLICKHOUSE_URL: z.url(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('carbon'),
  CLICKHOUSE_SQL_LOG: z.string().optional(),
  /** Ops server: /healthz, /readyz, /metrics. */
  PORT: port.default(9101),
  /** One fetch per partition is at most this many bytes (≈ 3,000 readings per MiB). */
  MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
  PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(2),
  /** A killed instance's partitions move to the others after this long. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(30_000),
  GWP_SET: z.enum(['AR5', 'AR6']).default('AR6'),
  /** JSON or CSV file of factor records that add to or replace the shipped ones. */
  FACTOR_OVERRIDES_FILE: z.string().optional(),
  /** JSON object of pins, e.g. {"grid:average":"grid:CN-ETS:2022:average"}. */
  FACTOR_PINS: z.string().optional(),
});

export type EmissionsProcessorConfig = z.infer<typeof emissionsProcessorEnv>;
