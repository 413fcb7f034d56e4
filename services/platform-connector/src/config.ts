import { commonEnv, kafkaEnv, port } from '@carbon-account/runtime';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const platformConnectorEnv = z.object({
  ...commonEnv,
  ...kafkaEnv,
  /** Layout of topics the connector creates when they are missing. */
  KAFKA_PARTITIONS: positiveInt.default(6),
  KAFKA_REPLICATION_FACTOR: positiveInt.default(1),
  /**
   * Names this deployment: its transactional id and its checkpoints. One running
   * instance per id; a second one fences the first.
   */
  CONNECTOR_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .default('platform-connector'),
  /** Folder the platform's export files are dropped into (done/ and failed/ go inside). */
  INBOX_DIR: z.string().min(1),
  /** JSON file: { "accounts": [{ "accountNo", "orgId", "meterId" }] }. */
  MAPPING_FILE: z.string().min(1),
  /** The platform's listing of export files; unset: inbox only. */
  PLATFORM_LISTING_URL: z.url().optional(),
  /** Bearer token for the listing and downloads. */
  PLATFORM_TOKEN: z.string().optional(),
  POLL_INTERVAL_MS: positiveInt.default(10_000),
  PLATFORM_TIMEOUT_MS: positiveInt.default(30_000),
  PLATFORM_DOWNLOAD_TIMEOUT_MS: positiveInt.default(600_000),
  /** A file younger than this may still be being copied in. */
  INBOX_SETTLE_MS: z.coerce.number().int().min(0).default(2_000),
  /** Lines per Kafka transaction. */
  BATCH_LINES: positiveInt.max(20_000).default(1_000),
  MAX_LINE_CHARS: positiveInt.default(64 * 1024),
  /** Ops server: /healthz, /readyz, /metrics. */
  PORT: port.default(9103),
});

export type PlatformConnectorConfig = z.infer<typeof platformConnectorEnv>;
