import { z } from 'zod';
import { createFactorLibrary, type FactorLibrary, type GwpSet } from './library.js';
import { parseFactorRecords } from './records.js';

/**
 * The factor library as a service's configuration describes it: override records as the
 * text of a JSON or CSV file (the caller reads the file), pins as a JSON object, and the
 * GWP set. Errors say which setting is wrong.
 */
export function factorLibraryFromSettings(settings: {
  overrides?: { text: string; fileName: string };
  pinsJson?: string;
  gwpSet: GwpSet;
}): FactorLibrary {
  const overrides = settings.overrides
    ? parseFactorRecords(
        settings.overrides.text,
        settings.overrides.fileName.endsWith('.csv') ? 'csv' : 'json',
      )
    : undefined;
  let pins: Record<string, string> | undefined;
  if (settings.pinsJson) {
    try {
      pins = JSON.parse(settings.pinsJson) as Record<string, string>;
    } catch (err) {
      throw new Error(`FACTOR_PINS is not JSON: ${(err as Error).message}`);
    }
  }
  return createFactorLibrary({ overrides, pins, gwpSet: settings.gwpSet });
}

/**
 * The factor settings of every service that computes figures. They must be the same in all
 * of them: one GWP set per inventory (DESIGN.md), and PV credits use the grid factors the
 * emission lines used.
 */
export const factorEnv = {
  GWP_SET: z.enum(['AR5', 'AR6']).default('AR6'),
  /** JSON or CSV file of factor records that add to or replace the shipped ones. */
  FACTOR_OVERRIDES_FILE: z.string().optional(),
  /** JSON object of pins, e.g. {"grid:average":"grid:CN-ETS:2022:average"}. */
  FACTOR_PINS: z.string().optional(),
};

/**
 * The library that a service's factor settings describe. `readFile` reads the overrides
 * file: this package does no I/O of its own.
 */
export function factorLibraryFromEnv(
  env: { GWP_SET: GwpSet; FACTOR_OVERRIDES_FILE?: string; FACTOR_PINS?: string },
  readFile: (path: string) => string,
): FactorLibrary {
  return factorLibraryFromSettings({
    overrides: env.FACTOR_OVERRIDES_FILE
      ? { text: readFile(env.FACTOR_OVERRIDES_FILE), fileName: env.FACTOR_OVERRIDES_FILE }
      : undefined,
    pinsJson: env.FACTOR_PINS,
    gwpSet: env.GWP_SET,
  });
}
