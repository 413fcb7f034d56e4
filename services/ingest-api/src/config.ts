import { commonEnv, kafkaEnv, port } from '@carbon-account/runtime';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const ingestApiEnv = z.object({
  ...commonEnv,
  ...kafkaEnv,
  PORT: port.default(8081),
  /** 0.0.0.0 to serve other machines; loopback by default so a dev machine exposes nothing. */
  HOST: z.string().default('127.0.0.1'),
  /** JSON file of API key entries (hashes only): see services/ingest-api/README.md. */
  INGEST_API_KEYS_FILE: z.string().min(1),
  /** A request whose items Kafka has not acknowledged by then is answered 503. */
  KAFKA_WRITE_TIMEOUT_MS: positiveInt.default(10_000),
  /** Sent as Retry-After with a 503. */
  RETRY_AFTER_SECONDS: positiveInt.default(10),
  /** Largest request body; 10,000 readings as JSON are about 3 MiB. */
  MAX_BODY_BYTES: positiveInt.default(16 * 1024 * 1024),
  /** Bytes of records waiting for Kafka across all requests; beyond it requests get 503. */
  MAX_PENDING_BYTES: positiveInt.default(64 * 1024 * 1024),
  /** Records of several requests go to Kafka together, up to this many bytes per write. */
  KAFKA_MAX_WRITE_BYTES: positiveInt.default(4 * 1024 * 1024),
  /** Idempotent producers, and so writes in flight at once (each has one request in flight). */
  KAFKA_PRODUCERS: positiveInt.max(16).default(1),
  /**
   * Threads that read, check and encode request bodies beside the request thread. One uses
   * the second core of a two-core machine; each costs some 30 MB.
   */
  INGEST_JUDGE_THREADS: positiveInt.max(16).default(1),
});

export type IngestApiConfig = z.infer<typeof ingestApiEnv>;
