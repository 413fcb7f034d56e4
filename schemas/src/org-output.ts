import { z } from 'zod';
import { month, orgId, readingId } from './identifiers.js';

/**
 * `org.outputs.v1` (key = orgId): an org's production output for a month, the
 * denominator of carbon intensity. A later report with a different reportId for the same
 * month is a correction: the newest (by reportedAt, then reportId) wins and the month is
 * restated.
 */
export const orgOutputV1 = z.object({
  orgId,
  month,
  outputValueCNY: z.number().finite().nonnegative(),
  valueAddedCNY: z.number().finite().nonnegative(),
  /** Same alphabet as readingId. */
  reportId: readingId,
  /** When the org issued this report; set by the ingest API when the producer leaves it out. Extension of v1. */
  reportedAt: z.iso.datetime({ offset: true }).optional(),
});

export type OrgOutputV1 = z.infer<typeof orgOutputV1>;
