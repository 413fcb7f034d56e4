// Subpath imports: the package's index loads mathjs (~120 MB), which the contract does not need.
import { usccProblem } from '@carbon-account/accounting/uscc';
import { z } from 'zod';

/** An enterprise's 18-character unified social credit code (GB 32100-2015), check character verified. */
export const orgId = z
  .string()
  .superRefine((value, ctx) => {
    const problem = usccProblem(value);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message: `not a valid unified social credit code: ${problem}`,
      });
  })
  // The check character cannot be expressed in JSON Schema; the shape can.
  .meta({
    description:
      'Unified social credit code (GB 32100-2015), 18 characters; the 18th is a check character',
    pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$',
  });

/**
 * Producer-chosen, unique per orgId; the idempotency key of a reading. DESIGN.md lists
 * the characters [A-Za-z0-9._:-] but its own example, "m-0042:2025-03-01T00:00+08:00",
 * has a '+' (a time with its offset, the natural id of a metered period), so '+' is
 * accepted too.
 */
export const readingId = z
  .string()
  .regex(/^[A-Za-z0-9._:+-]{1,128}$/, '1–128 characters of A–Z a–z 0–9 . _ : + -');

/** 6-digit administrative division code, e.g. 500237 for Wushan County. */
export const regionCode = z.string().regex(/^\d{6}$/, '6-digit administrative division code');

/** A calendar month, YYYY-MM. */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/** An instant with an explicit offset, e.g. 2025-03-01T00:00:00+08:00. */
export const instant = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 date-time with offset, e.g. 2025-03-01T00:00:00+08:00',
});
