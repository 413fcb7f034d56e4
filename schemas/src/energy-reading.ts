import { ENERGY_TYPES, READING_SOURCES } from '@carbon-account/accounting/energy-types';
import { instantMs } from '@carbon-account/accounting/instant';
import { z } from 'zod';
import { instant, orgId, readingId } from './identifiers.js';

const MAX_PERIOD_MS = 31 * 24 * 3600 * 1000;

/**
 * `energy.readings.v1` (key = orgId): one metered quantity of energy or emissions of one
 * meter over one period. See DESIGN.md "Contract (v1)".
 */
export const energyReadingV1 = z
  .object({
    readingId,
    orgId,
    meterId: z.string().min(1).max(128),
    source: z.enum(READING_SOURCES),
    type: z.enum(ENERGY_TYPES),
    quantity: z.number().finite().nonnegative(),
    unit: z.string().min(1).max(32),
    periodStart: instant,
    periodEnd: instant,
    greenElectricityKWh: z.number().finite().nonnegative().default(0),
    /** Needed when a liquid fuel is given in litres (kg/L). Extension of v1, optional. */
    densityKgPerL: z.number().finite().positive().optional(),
    /** Needed when steam is given in tonnes (kJ/kg). Extension of v1, optional. */
    steamEnthalpyKJPerKg: z.number().finite().positive().optional(),
  })
  .superRefine((r, ctx) => {
    for (const problem of energyReadingRuleProblems(r))
      ctx.addIssue({ code: 'custom', ...problem });
  });

/**
 * The rules across fields that JSON Schema cannot express, for a reading whose fields each
 * match the contract; one definition for the zod schema and any precompiled validator.
 */
export function energyReadingRuleProblems(r: {
  type: string;
  periodStart: string;
  periodEnd: string;
  greenElectricityKWh: number;
}): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const start = instantMs(r.periodStart);
  const end = instantMs(r.periodEnd);
  if (!(end > start)) {
    problems.push({ path: ['periodEnd'], message: 'must be after periodStart' });
  } else if (end - start > MAX_PERIOD_MS) {
    problems.push({ path: ['periodEnd'], message: 'at most 31 days after periodStart' });
  }
  if (r.greenElectricityKWh > 0 && r.type !== 'electricity') {
    problems.push({
      path: ['greenElectricityKWh'],
      message: 'only electricity readings carry green electricity',
    });
  }
  return problems;
}

export type EnergyReadingV1 = z.infer<typeof energyReadingV1>;
/** What a producer sends (greenElectricityKWh may be left out). */
export type EnergyReadingV1Input = z.input<typeof energyReadingV1>;
