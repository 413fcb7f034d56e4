import { z } from 'zod';
import { orgId, regionCode } from './identifiers.js';

/**
 * One enterprise of the registry (loaded from a JSON file, updatable): who it is, where,
 * its industry (GB/T 4754 code, e.g. "C3011"; the section letter is its first character)
 * and its baseline carbon intensity for the intensity-reduction methodology.
 */
export const orgRecord = z.object({
  orgId,
  name: z.string().min(1).max(200),
  industryCode: z
    .string()
    .regex(/^[A-T]\d{0,4}$/, 'GB/T 4754 code: a section letter A–T then up to 4 digits'),
  town: z.string().min(1).max(100),
  regionCode,
  /** tCO2e per 10,000 CNY of value added; absent when the org has no agreed baseline. */
  baselineIntensity: z.number().finite().positive().optional(),
});

export const orgRegistryFile = z.object({ orgs: z.array(orgRecord) });

export type OrgRecord = z.infer<typeof orgRecord>;
