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
