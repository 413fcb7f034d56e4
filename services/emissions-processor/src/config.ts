import { factorEnv } from '@carbon-account/accounting';
import { clickhouseEnv, commonEnv, kafkaEnv, port } from '@carbon-account/runtime';
import { z } from 'zod';

export const emissionsProcessorEnv = z.object({
  ...commonEnv,
  ...kafkaEnv,
  /** Default: `<KAFKA_TOPIC_PREFIX>emissions-processor` (see consumerGroups). */
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  /** Group of the second consumer, which stores other services' refusals in rejected_readings. */
  KAFKA_REJECTIONS_GROUP_ID: z.string().min(1).optional(),
  ...clickhouseEnv,
  /** Ops server: /healthz, /readyz, /metrics. */
  PORT: port.default(9101),
  /**
   * One fetch per partition is at most this many bytes (≈ 3,000 readings per MiB). With
   * PARTITIONS_CONCURRENTLY batches in flight it must fit the heap (160 MB under npm start).
   * In tests/bench/emissions.bench.ts, two runs each: 1 MiB × 2 took 68-73 µs of CPU per
   * reading at 221-225 MB peak RSS, 1.5 MiB × 2 took 65-66 µs at 244-251 MB, and 2 MiB × 2
   * 65-66 µs at 263-282 MB, too near the ~300 MB budget. Larger batches spread the
   * per-batch lookup and INSERTs over more readings.
   */
  MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1536 * 1024),
  PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(2),
  /** A killed instance's partitions move to the others after this long. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(30_000),
  /** How often the group's lag on energy.readings.v1 is measured at the broker for /metrics. */
  LAG_INTERVAL_MS: z.coerce.number().int().min(500).default(10_000),
  ...factorEnv,
});

export type EmissionsProcessorConfig = z.infer<typeof emissionsProcessorEnv>;

/**
 * The consumer groups, prefixed like the topics by default: kafkajs hands a group's members
 * partitions of every topic any member subscribed to, so two deployments (or test runs) on
 * one broker with different topic prefixes must never share a group.
 */
export function consumerGroups(config: EmissionsProcessorConfig) {
  return {
    readings: config.KAFKA_GROUP_ID ?? `${config.KAFKA_TOPIC_PREFIX}emissions-processor`,
    rejections:
      config.KAFKA_REJECTIONS_GROUP_ID ??
      `${config.KAFKA_TOPIC_PREFIX}emissions-processor-rejections`,
  };
}
