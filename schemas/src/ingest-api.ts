import { z } from 'zod';
import { energyReadingV1 } from './energy-reading.js';
import { orgOutputV1 } from './org-output.js';

/** The most readings (or output reports) one ingest request may carry. */
export const MAX_ITEMS_PER_REQUEST = 10_000;

/**
 * `POST /v1/readings` with `Content-Type: application/json`: an array of readings. The same
 * readings may come as NDJSON (one reading per line) or as CSV with a header row naming the
 * fields (`POST /v1/readings/csv`); each item is judged on its own.
 */
export const readingsRequestV1 = z.array(energyReadingV1).max(MAX_ITEMS_PER_REQUEST);

/** `POST /v1/outputs`: an array of output reports (a single report object is also taken). */
export const outputsRequestV1 = z.array(orgOutputV1).max(MAX_ITEMS_PER_REQUEST);

export const fieldErrorV1 = z.object({
  /** The field inside the item, e.g. `quantity` or `periodEnd`; `(item)` for the whole item. */
  path: z.string(),
  /** What was expected and what came. */
  message: z.string(),
});

/** The verdict on one item of an ingest request. */
export const ingestItemResultV1 = z.object({
  /** 0-based position of the item in the request (array index, NDJSON line or CSV data row). */
  index: z.number().int().nonnegative(),
  /** 1-based line of the body where the item is, for NDJSON and CSV (the header is line 1). */
  line: z.number().int().positive().optional(),
  status: z.enum(['accepted', 'rejected']),
  readingId: z.string().optional(),
  reportId: z.string().optional(),
  orgId: z.string().optional(),
  errors: z.array(fieldErrorV1).optional(),
});

/**
 * The answer to an ingest request: 202 when at least one item was accepted (every accepted
 * item is durably in Kafka), 400 when none was.
 */
export const ingestResponseV1 = z.object({
  requestId: z.string(),
  received: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  items: z.array(ingestItemResultV1),
});

/** Every non-2xx answer that is not a per-item verdict (401, 403, 413, 415, 503, …). */
export const ingestErrorV1 = z.object({
  requestId: z.string().optional(),
  error: z.string(),
  message: z.string(),
  /** For 403: the items whose orgs this key may not submit for. */
  items: z.array(ingestItemResultV1).optional(),
});

export type IngestItemResultV1 = z.infer<typeof ingestItemResultV1>;
export type IngestResponseV1 = z.infer<typeof ingestResponseV1>;
export type IngestErrorV1 = z.infer<typeof ingestErrorV1>;
