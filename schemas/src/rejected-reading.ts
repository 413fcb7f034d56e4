import { z } from 'zod';

/**
 * `energy.readings.rejected.v1` (key = orgId when known, else the source position): a
 * message the pipeline refused, with why, so the sender and the bureau can see it.
 */
export const rejectedReadingV1 = z.object({
  reason: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  orgId: z.string().optional(),
  readingId: z.string().optional(),
  /** Where it came from: a Kafka position, a platform file and line, or an ingest API request and item. */
  source: z.union([
    z.object({
      kind: z.literal('kafka'),
      topic: z.string(),
      partition: z.number().int(),
      offset: z.string(),
    }),
    z.object({ kind: z.literal('platform-file'), file: z.string(), line: z.number().int() }),
    z.object({
      kind: z.literal('ingest-api'),
      /** The request id the API answered with (also in its x-request-id header). */
      requestId: z.string(),
      /** 0-based position of the item in the request. */
      index: z.number().int(),
      /** 1-based line of the body, for NDJSON and CSV. */
      line: z.number().int().optional(),
    }),
  ]),
  /** The message as received (truncated to 64 KiB). */
  raw: z.string(),
  rejectedAt: z.iso.datetime({ offset: true }),
});
export type RejectedReadingV1 = z.infer<typeof rejectedReadingV1>;

/** How much of a refused message is kept: enough to see what came, bounded per row. */
export const MAX_RAW_CHARS = 64 * 1024;

/** A Kafka message a processor refused: where it was, what it said, and why. */
export interface KafkaRefusal {
  message: {
    topic: string;
    partition: number;
    offset: string;
    timestamp: string;
    value: Buffer | null;
  };
  reason: string;
  errors: { path: string; message: string }[];
  orgId?: string;
  /** The readingId, or the reportId of an output report. */
  readingId?: string;
}

/** Its key on the rejected topic: the org when known, else where it was on Kafka. */
export function refusalKey(r: KafkaRefusal): string {
  return r.orgId ?? `${r.message.topic}:${r.message.partition}:${r.message.offset}`;
}

/** The refused message as received, truncated to MAX_RAW_CHARS. */
export function rawOfRefusal(r: KafkaRefusal): string {
  return (r.message.value?.toString('utf8') ?? '').slice(0, MAX_RAW_CHARS);
}

/** The `energy.readings.rejected.v1` envelope of a refused Kafka message. */
export function rejectedKafkaMessage(r: KafkaRefusal, rejectedAt: string): RejectedReadingV1 {
  return {
    reason: r.reason,
    errors: r.errors,
    orgId: r.orgId,
    readingId: r.readingId,
    source: {
      kind: 'kafka',
      topic: r.message.topic,
      partition: r.message.partition,
      offset: r.message.offset,
    },
    raw: rawOfRefusal(r),
    rejectedAt,
  };
}

/**
 * Its `rejected_readings` row (schemas/clickhouse 0003, 0006). Keyed by the Kafka position
 * and dated by the message, so a re-delivered refusal is the same row.
 */
export function rejectedKafkaRow(r: KafkaRefusal) {
  return {
    org_id: r.orgId ?? '',
    reading_id: r.readingId ?? '',
    source: 'kafka',
    source_file: '',
    source_line: 0,
    source_detail: '',
    reason: r.reason,
    errors: JSON.stringify(r.errors),
    raw: rawOfRefusal(r),
    kafka_topic: r.message.topic,
    kafka_partition: r.message.partition,
    kafka_offset: Number(r.message.offset),
    rejected_at: Math.floor(Number(r.message.timestamp) / 1000),
  };
}
