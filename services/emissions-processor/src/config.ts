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
   * One fetch per partition is at most this many bytes (≈ 3,000 readings per MiB), and so
   * one batch and one INSERT per table. ClickHouse's CPU per reading falls with the size of
   * its INSERTs (parts to write and merge): 21-24 µs at 4,615 rows, 12-13 µs at 15,000 and
   * 9 µs at 50,000 (services/emissions-processor/README.md). A batch keeps about 1 KB per
   * reading besides the fetch (encode.ts), so two batches of 4 MiB in flight keep the
   * processor near 270 MB RSS with EMISSIONS_PROCESSOR_ENV (infra), 4.5 MiB near 280.
   */
  MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
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
