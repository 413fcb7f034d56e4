import {
  CHINA_OFFSET_MS,
  chinaMonth,
  EmissionError,
  type EmissionResult,
  emissionOf,
  type FactorLibrary,
  instantMs,
} from '@carbon-account/accounting';
import type { DecodedReading, Rejection } from './decode.js';

export interface ComputedLine extends DecodedReading {
  emission: EmissionResult;
  /** China-time month of periodStart, YYYY-MM: the accounting month. */
  month: string;
}

/**
 * Largest plausible emission of one reading: a month of the largest coal plants in China
 * is about 3 MtCO2. A reading far above that is a unit or decimal error, not a fact.
 */
export const MAX_PLAUSIBLE_TCO2E_PER_READING = 1e7;

/**
 * Largest plausible activity (MWh, GJ, t or 10⁴ m³) and energy (tce) of one reading, five
 * orders of magnitude above such a plant's month. Beyond them a figure is an error, and
 * past about 1e14 the views' decimal sums (migration 0025) could not hold it.
 */
export const MAX_PLAUSIBLE_ACTIVITY_PER_READING = 1e12;
export const MAX_PLAUSIBLE_TCE_PER_READING = 1e9;

/** Above the limit, or NaN: no figure may be one. */
function over(figure: number, limit: number): boolean {
  return !(Math.abs(figure) <= limit);
}

/** Why a computed line cannot be a fact, or undefined when it can. */
function implausible(e: EmissionResult): string | undefined {
  if (over(e.tco2eLocation, MAX_PLAUSIBLE_TCO2E_PER_READING))
    return `${e.tco2eLocation} tCO2e from one reading is above ${MAX_PLAUSIBLE_TCO2E_PER_READING}`;
  if (over(e.tco2eMarket, MAX_PLAUSIBLE_TCO2E_PER_READING))
    return `${e.tco2eMarket} tCO2e (market-based) from one reading is above ${MAX_PLAUSIBLE_TCO2E_PER_READING}`;
  if (over(e.activity, MAX_PLAUSIBLE_ACTIVITY_PER_READING))
    return `${e.activity} ${e.activityUnit} in one reading is above ${MAX_PLAUSIBLE_ACTIVITY_PER_READING}`;
  if (over(e.tce, MAX_PLAUSIBLE_TCE_PER_READING))
    return `${e.tce} tce from one reading is above ${MAX_PLAUSIBLE_TCE_PER_READING}`;
  return undefined;
}

const DAY_MS = 86_400_000;
// Readings of a batch fall on few days: a China-time day's month is worked out once.
let monthOfDay = new Map<number, string>();

export function accountingMonth(periodStart: string): string {
  const ms = instantMs(periodStart);
  const day = Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
  let month = monthOfDay.get(day);
  if (month === undefined) {
    month = chinaMonth(ms);
    if (monthOfDay.size >= 10_000) monthOfDay = new Map();
    monthOfDay.set(day, month);
  }
  return month;
}

/** Step 2: emissions of every valid reading with the accounting package; what cannot be computed is rejected with the field. */
export function computeBatch(
  decoded: readonly DecodedReading[],
  library: FactorLibrary,
): { lines: ComputedLine[]; rejected: Rejection[] } {
  const lines: ComputedLine[] = [];
  const rejected: Rejection[] = [];
  for (const d of decoded) {
    const ids = { orgId: d.reading.orgId, readingId: d.reading.readingId };
    try {
      const emission = emissionOf(d.reading, library);
      const why = implausible(emission);
      if (why) {
        rejected.push({
          message: d.message,
          reason: 'implausible value',
          errors: [{ path: 'quantity', message: `${why}; check quantity and unit` }],
          ...ids,
        });
        continue;
      }
      lines.push({
        reading: d.reading,
        message: d.message,
        version: d.version,
        contentHash: d.contentHash,
        emission,
        month: accountingMonth(d.reading.periodStart),
      });
    } catch (err) {
      if (!(err instanceof EmissionError)) throw err;
      rejected.push({
        message: d.message,
        reason: 'cannot compute emissions',
        errors: [{ path: err.field, message: err.message }],
        ...ids,
      });
    }
  }
  return { lines, rejected };
}
