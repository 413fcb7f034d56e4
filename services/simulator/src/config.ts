import { commonEnv, csvList, port } from '@carbon-account/runtime';
import { instant } from '@carbon-account/schemas';
import { monthStartOf } from '@carbon-account/simulation';
import { z } from 'zod';

export const simulatorEnv = z
  .object({
    ...commonEnv,
    /** Where readings go: straight to Kafka, or through the ingest API as an enterprise would. */
    TARGET: z.enum(['kafka', 'ingest-api']).default('kafka'),
    KAFKA_BROKERS: csvList.optional(),
    KAFKA_TOPIC_PREFIX: z.string().default(''),
    /** Base address of the ingest API, e.g. http://127.0.0.1:8081. */
    INGEST_API_URL: z.url().optional(),
    /** Bearer key of the ingest API allowed to submit for the simulated orgs. */
    INGEST_API_KEY: z.string().min(1).optional(),
    ORG_COUNT: z.coerce.number().int().min(1).max(100_000).default(200),
    /** Same seed, same enterprises and readings (see packages/simulation). */
    SEED: z.coerce.number().int().default(1),
    /** Backfill: periods ending after FROM … */
    FROM: instant.optional(),
    /** … and at or before TO (default now). With TO the run ends there. */
    TO: instant.optional(),
    /**
     * Without FROM: backfill from the start of the month this many days ago, so every
     * month sent is whole (its deliveries and output report match its readings).
     */
    BACKFILL_DAYS: z.coerce.number().min(0).max(3660).default(0),
    /** After the backfill keep going, sending each period as it ends. Default: on unless TO is set. */
    LIVE: z.stringbool().optional(),
    /** Readings and reports per second; 0 sends as fast as the target takes them. */
    RATE_PER_SECOND: z.coerce.number().min(0).default(0),
    /** Messages per send (the ingest API takes at most 1,000 per request from the simulator). */
    BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(1000),
    /** Share of deliberately bad readings (wrong unit, negative, gap, duplicate). */
    BAD_SHARE: z.coerce.number().min(0).max(1).default(0.002),
    ELECTRICITY_INTERVAL: z.enum(['mixed', '15min', 'hour']).default('mixed'),
    /** Where to write the registry (orgRegistryFile JSON) of the simulated orgs. */
    ORG_REGISTRY_FILE: z.string().min(1).optional(),
    /** Ops server: /healthz, /readyz, /metrics. */
    PORT: port.default(9104),
  })
  .superRefine((env, ctx) => {
    if (env.TARGET === 'kafka' && !env.KAFKA_BROKERS) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_BROKERS'],
        message: 'required when TARGET=kafka',
      });
    }
    if (env.TARGET === 'ingest-api') {
      if (!env.INGEST_API_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['INGEST_API_URL'],
          message: 'required when TARGET=ingest-api',
        });
      if (!env.INGEST_API_KEY)
        ctx.addIssue({
          code: 'custom',
          path: ['INGEST_API_KEY'],
          message: 'required when TARGET=ingest-api',
        });
    }
    if (env.TO && env.LIVE === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['LIVE'],
        message: 'TO ends the run; leave TO out to go live',
      });
    }
    if (env.FROM && env.TO && !(Date.parse(env.TO) > Date.parse(env.FROM))) {
      ctx.addIssue({ code: 'custom', path: ['TO'], message: 'must be after FROM' });
    }
  });

export type SimulatorConfig = z.infer<typeof simulatorEnv>;

/** The backfill window and whether to go live after it, from the config and the current time. */
export function runPlan(
  config: SimulatorConfig,
  now: number,
): { from: number; to: number; live: boolean } {
  const to = config.TO ? Date.parse(config.TO) : now;
  const from = config.FROM
    ? Date.parse(config.FROM)
    : config.BACKFILL_DAYS > 0
      ? monthStartOf(now - config.BACKFILL_DAYS * 86_400_000)
      : now;
  return { from, to: Math.max(from, to), live: config.LIVE ?? config.TO === undefined };
}
