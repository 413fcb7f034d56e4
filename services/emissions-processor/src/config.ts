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
   * reading besides the fetch (encode.ts); with a batch stored behind (below), 3 MiB
   * batches keep the processor at 260-300 MB RSS with EMISSIONS_PROCESSOR_ENV (infra).
   */
  MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(3 * 1024 * 1024),
  PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * Batches still being stored (lookups, INSERTs, publishing) while kafkajs fetches and
   * prepares the next ones; a partition's batches are stored and committed in order all
   * the same. 0: each batch stored before the next fetch. npm run bench -- emissions, runs
   * taking turns: 1 with 3 MiB batches 28.2-31.6k readings/s at 265-300 MB (6 runs), 0 with
   * 4 MiB 27.8-30.4k at 268-293 MB (5); 2 with 4 MiB reached 30.1-30.6k at 326-335 MB.
   */
  BATCHES_STORED_BEHIND: z.coerce.number().int().min(0).max(16).default(1),
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
