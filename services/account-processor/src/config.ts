import { factorEnv } from '@carbon-account/accounting';
import { clickhouseEnv, commonEnv, kafkaEnv, port } from '@carbon-account/runtime';
import { z } from 'zod';

export const accountProcessorEnv = z.object({
  ...commonEnv,
  ...kafkaEnv,
  /**
   * Default: `<KAFKA_TOPIC_PREFIX>account-processor`. A group is assigned partitions of every
   * topic any member subscribed to, so deployments (or test runs) sharing a broker under
   * different topic prefixes must not share a group.
   */
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  /**
   * The emissions processor's group (default `<KAFKA_TOPIC_PREFIX>emissions-processor`, its own
   * default): settled accounts are made final only while it has read what was on
   * energy.readings.v1 one closer pass ago, so a stalled emissions processor holds months open.
   */
  EMISSIONS_PROCESSOR_GROUP_ID: z.string().min(1).optional(),
  ...clickhouseEnv,
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
  /**
   * A dirty (section, month) is recomputed at most this often while the consumer keeps up.
   * Behind (a partition has messages waiting after the batch), cycles run back to back: a
   * batch is committed only after the cycle covering it, so waiting would coalesce nothing.
   */
  RECOMPUTE_INTERVAL_MS: z.coerce.number().int().min(100).default(2_000),
  /** At most this many (section, month) recomputations per cycle; the rest wait for the next. */
  MAX_SECTION_MONTHS_PER_CYCLE: z.coerce.number().int().min(1).default(24),
  /**
   * Days after a month's end (China time) until it closes: then its accounts become final
   * and earn credits once settled (MONTH_SETTLE_SECONDS). Until then they are provisional:
   * late meter files and the output report fill them in without restating them
   * (month-close.ts).
   */
  MONTH_CLOSE_DAYS: z.coerce.number().int().min(0).max(366).default(10),
  /**
   * Seconds an account of a closed month must stay unchanged before it is final. A month's
   * history loaded after its close (a backfill, a late meter export) changes the account
   * with every batch: it stays provisional while it streams, and is final and credited
   * once, after it ends. A change after that is a restatement. Besides, nothing may still be
   * on its way: the emissions processor and this service must have read what was on their
   * topics at the previous check (EMISSIONS_PROCESSOR_GROUP_ID).
   */
  MONTH_SETTLE_SECONDS: z.coerce.number().int().min(0).default(600),
  /** How often settled accounts of closed months are looked for and made final. */
  MONTH_CLOSE_CHECK_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * Bytes fetched per partition per batch. Catching up with a backlog, each cycle covers one
   * batch per partition: `npm run bench -- emissions` (300,000 lines, 3 partitions) caught up
   * at 14,000 lines/s with 1 MiB (peak RSS 213 MB) and 18,200 with 1.5 MiB (231 MB); 2 MiB
   * peaked at 305 MB in a longer catch-up.
   */
  MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1.5 * 1024 * 1024),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(30_000),
  ...factorEnv,
});

export type AccountProcessorConfig = z.infer<typeof accountProcessorEnv>;
