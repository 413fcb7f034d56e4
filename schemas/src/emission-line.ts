import { ENERGY_TYPES, READING_SOURCES } from '@carbon-account/accounting/energy-types';
import { z } from 'zod';
import { instant, month, orgId, readingId } from './identifiers.js';

/**
 * `carbon.emissions.v1` (key = orgId): the emission line of one reading as computed by
 * the emissions processor. A reading re-delivered may appear again with the same content;
 * consumers treat (orgId, readingId, version) as the identity and the highest version as
 * current.
 */
export const emissionLineV1 = z.object({
  orgId,
  readingId,
  meterId: z.string(),
  source: z.enum(READING_SOURCES),
  type: z.enum(ENERGY_TYPES),
  scope: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  category: z.enum(['combustion', 'measured', 'electricity', 'heat', 'generation']),
  periodStart: instant,
  periodEnd: instant,
  /** Accounting month (China time of periodStart). */
  month,
  activity: z.number(),
  activityUnit: z.string(),
  tco2eLocation: z.number(),
  tco2eMarket: z.number(),
  tce: z.number(),
  factors: z.array(z.object({ id: z.string(), version: z.number().int() })),
  gwpSet: z.enum(['AR5', 'AR6']),
  /** Orders versions of the same reading: a higher version replaces a lower one. */
  version: z.string().regex(/^\d+$/),
  computedAt: instant,
});
export type EmissionLineV1 = z.infer<typeof emissionLineV1>;
