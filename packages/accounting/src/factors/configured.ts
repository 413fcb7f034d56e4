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
