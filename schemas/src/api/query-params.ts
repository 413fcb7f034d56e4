import { z } from 'zod';
import { month } from '../identifiers.js';

/**
 * Query-string parameters of the query API. Each refinement puts its issue on the
 * parameter at fault (`path: ['to']`), so a 400 names it.
 */

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A date (YYYY-MM-DD, a China-time calendar day) or an instant with offset. Dates are
 * the natural unit of a report; instants serve hourly series.
 */
export const dateOrInstant = z.string().refine(isDateOrInstant, {
  message: 'a date YYYY-MM-DD or a date-time with offset, e.g. 2025-03-01T00:00:00+08:00',
});

function isDateOrInstant(s: string): boolean {
  return (DAY.test(s) || INSTANT.test(s)) && !Number.isNaN(instantOf(s).getTime());
}

/** The instant a date or date-time parameter denotes; a date is 00:00 China time. */
export function instantOf(value: string): Date {
  if (DAY.test(value)) {
    const d = new Date(`${value}T00:00:00+08:00`);
    // 2025-02-30 parses as 2 March in some engines: reject by round trip.
    const back = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    return back === value ? d : new Date(Number.NaN);
  }
  return new Date(value);
}

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .describe('1 or true adds the provenance of every figure');

export const page = {
  limit: z.coerce.number().int().min(1).max(10_000).default(1000).describe('page size'),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('rows to skip'),
};

const DAY_MS = 86_400_000;

/** A from/to pair (to exclusive) of at most `maxDays`; issues name `to` (or `from`). */
function rangeCheck(
  value: { from: string; to: string },
  ctx: z.core.$RefinementCtx,
  maxDays: number,
) {
  // A parameter of the wrong form already has its own issue; comparing it would add a second,
  // wrong one (JavaScript reads '2025-03' as a date, so '2025-03' to '2025-03' is not "empty").
  if (!isDateOrInstant(value.from) || !isDateOrInstant(value.to)) return;
  const from = instantOf(value.from).getTime();
  const to = instantOf(value.to).getTime();
  if (to <= from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: "'to' must be after 'from'" });
  } else if (to - from > maxDays * DAY_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the range from 'from' to 'to' is at most ${maxDays} days here`,
    });
  }
}

export const granularity = z.enum(['hour', 'day', 'month']);
export type Granularity = z.infer<typeof granularity>;

/** Longest range per granularity: a page of points stays small and the query bounded. */
export const MAX_DAYS: Record<Granularity, number> = { hour: 31, day: 400, month: 1830 };

export const emissionsQuery = z
  .object({
    from: dateOrInstant,
    to: dateOrInstant,
    granularity: granularity.default('day'),
    scope: z.enum(['1', '2']).optional().describe('only this scope'),
    type: z
      .string()
      .regex(/^[a-z_0-9]{1,40}$/, 'an energy type')
      .optional(),
    ...page,
    explain: flag,
  })
  .superRefine((v, ctx) => rangeCheck(v, ctx, MAX_DAYS[v.granularity]));

export const accountQuery = z.object({ month, explain: flag });

export const listQuery = z.object({ ...page });

export const rangeListQuery = z
  .object({ from: dateOrInstant, to: dateOrInstant, ...page })
  .superRefine((v, ctx) => rangeCheck(v, ctx, 400));

export const coverageQuery = z
  .object({ from: dateOrInstant, to: dateOrInstant, ...page, explain: flag })
  .superRefine((v, ctx) => rangeCheck(v, ctx, 400));

export const regionGroupBy = z.enum(['town', 'industry', 'type']);
export type RegionGroupBy = z.infer<typeof regionGroupBy>;

export const regionSummaryQuery = z
  .object({
    from: dateOrInstant,
    to: dateOrInstant,
    groupBy: regionGroupBy.default('town'),
    ...page,
    explain: flag,
  })
  .superRefine((v, ctx) => rangeCheck(v, ctx, 400));

export const topEmittersQuery = z
  .object({
    from: dateOrInstant,
    to: dateOrInstant,
    limit: z.coerce.number().int().min(1).max(1000).default(10),
    offset: page.offset,
    explain: flag,
  })
  .superRefine((v, ctx) => rangeCheck(v, ctx, 400));

export const monthOverMonthQuery = z.object({
  month,
  groupBy: regionGroupBy.default('town'),
  explain: flag,
  ...page,
});

/** Data quality looks at hourly readings: a month at most per request. */
export const dataQualityQuery = z
  .object({
    from: dateOrInstant,
    to: dateOrInstant,
    orgId: z.string().optional().describe('only this org (an enterprise key: one of its own)'),
    ...page,
  })
  .superRefine((v, ctx) => rangeCheck(v, ctx, 31));

export const profileQuery = z.object({
  month: month.optional().describe('last month of the 12-month trend; default: last month'),
  explain: flag,
});

export const reductionQuery = z
  .object({ from: month, to: month, explain: flag })
  .superRefine((v, ctx) => {
    if (v.to < v.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: "'to' must not be before 'from'" });
  });

export const isFlagOn = (v: string | undefined) => v === '1' || v === 'true';
