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
   * PARTITIONS_CONCURRENTLY batches in flight it must fit the heap (192 MB under npm start):
   * in tests/bench/emissions.bench.ts 1 MiB × 2 peaked at 272 MB RSS, 2 MiB × 2 at 312-317 MB
   * (over the ~300 MB budget), 1 MiB × 3 at 304 MB; a 6 MiB run stopped.
   */
  MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
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
