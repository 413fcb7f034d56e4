import { type EnergyType, unitProblem } from '@carbon-account/accounting';
import { MINUTE_MS } from './calendar.js';
import { stringKey, uniform } from './noise.js';

/**
 * Deliberate faults, as real meters and spreadsheets produce them. A `gap` is a reading
 * that never comes; a `duplicate` is a valid reading sent twice.
 */
export const READING_FLAWS = ['wrong_unit', 'negative_quantity', 'gap', 'duplicate'] as const;
export type ReadingFlaw = Exclude<(typeof READING_FLAWS)[number], 'gap'>;
type AnyFlaw = (typeof READING_FLAWS)[number];

const FLAW_DRAW = 201;
const FLAW_KIND_DRAW = 202;

/** Which fault, if any, the reading of this meter and period gets (fixed by the seed). */
export function flawOf(
  seed: number,
  orgIndex: number,
  meterId: string,
  periodStartMs: number,
  badShare: number,
): AnyFlaw | undefined {
  if (!(badShare > 0)) return undefined;
  const key = stringKey(meterId);
  const minute = periodStartMs / MINUTE_MS;
  if (uniform(seed, orgIndex, key, minute, FLAW_DRAW) >= badShare) return undefined;
  const pick = Math.floor(
    uniform(seed, orgIndex, key, minute, FLAW_KIND_DRAW) * READING_FLAWS.length,
  );
  return READING_FLAWS[pick];
}

const WRONG_UNITS = ['kg', 'kWh', 'm3'];
const wrongUnitByType = new Map<EnergyType, string>();

/** A unit the accounting core refuses for this type (kg of electricity, kWh of coal). */
export function unitThatDoesNotFit(type: EnergyType): string {
  let unit = wrongUnitByType.get(type);
  if (unit === undefined) {
    unit = WRONG_UNITS.find((u) => unitProblem(type, u) !== undefined) ?? 'furlong';
    wrongUnitByType.set(type, unit);
  }
  return unit;
}
