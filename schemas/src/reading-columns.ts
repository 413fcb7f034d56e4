import { z } from 'zod';
import { energyReadingV1 } from './energy-reading.js';

/** The fields of a reading, in the contract's order, and which of them hold numbers. */
export interface ReadingColumns {
  known: string[];
  numeric: string[];
}

/**
 * What a CSV of readings may have as its header row: taken from the contract itself, so a
 * field added to it is a column too, and a number field's cells are read as numbers.
 */
export function readingColumns(): ReadingColumns {
  const { properties = {} } = z.toJSONSchema(energyReadingV1, {
    io: 'input',
    unrepresentable: 'any',
  }) as { properties?: Record<string, { type?: unknown }> };
  const known = Object.keys(properties);
  return { known, numeric: known.filter((k) => properties[k]?.type === 'number') };
}
