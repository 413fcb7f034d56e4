import {
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

export function accountingMonth(periodStart: string): string {
  return chinaMonth(instantMs(periodStart));
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
      if (emission.tco2eLocation > MAX_PLAUSIBLE_TCO2E_PER_READING) {
        rejected.push({
          message: d.message,
          reason: 'implausible value',
          errors: [
            {
              path: 'quantity',
              message: `${emission.tco2eLocation} tCO2e from one reading is above ${MAX_PLAUSIBLE_TCO2E_PER_READING}; check quantity and unit`,
            },
          ],
          ...ids,
        });
        continue;
      }
      lines.push({ ...d, emission, month: accountingMonth(d.reading.periodStart) });
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
