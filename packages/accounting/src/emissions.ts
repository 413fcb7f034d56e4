import { CHINA_OFFSET_MS } from './china-time.js';
import { type EnergyType, isCombustionFuel, isMeasuredGas } from './energy-types.js';
import type { FactorLibrary } from './factors/library.js';
import { type FactorRef, refOf } from './factors/records.js';
import { instantMs } from './instant.js';
import { type ActivityExtras, type ActivityUnit, activityIn, UnitError } from './units.js';
import { usccRegionCode } from './uscc.js';

export interface ReadingForEmission extends ActivityExtras {
  orgId: string;
  type: EnergyType;
  quantity: number;
  unit: string;
  /** ISO 8601 with offset; its calendar year in China time picks the factor year. */
  periodStart: string;
  greenElectricityKWh?: number;
}

export type EmissionScope = 0 | 1 | 2;
export type EmissionCategory = 'combustion' | 'measured' | 'electricity' | 'heat' | 'generation';

/** One reading's emission line (before storage). */
export interface EmissionResult {
  /** 1 direct, 2 purchased energy, 0 for on-site generation (no emission; input to carbon assets). */
  scope: EmissionScope;
  category: EmissionCategory;
  activity: number;
  activityUnit: ActivityUnit;
  /** tCO2e, location-based (grid average for electricity). */
  tco2eLocation: number;
  /** tCO2e, market-based (electricity net of green power × the factor excluding market-traded non-fossil power). */
  tco2eMarket: number;
  /** Energy use in tonnes of standard coal equivalent (GB/T 2589). */
  tce: number;
  /** Every factor record the figures used. */
  factors: FactorRef[];
}

/** The calendar year of an instant in China Standard Time (UTC+8), which dates a reading for factor choice. */
export function readingYear(periodStart: string): number {
  const ms = instantMs(periodStart);
  if (Number.isNaN(ms)) throw new RangeError(`periodStart "${periodStart}" is not a date-time`);
  return new Date(ms + CHINA_OFFSET_MS).getUTCFullYear();
}

/** 1 kgce = 29,307 kJ (GB/T 2589), so a GJ is 1/0.029307 kgce. */
export const KGCE_PER_GJ = 1 / 0.029307;

export class EmissionError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'EmissionError';
  }
}

/**
 * Emissions and energy of one reading (DESIGN.md "Computation rules"):
 * - combustion: tCO2 = activity × NCV × CC × OF × 44/12 (GB/T 32150 defaults);
 * - purchased electricity: location-based = MWh × grid average factor; market-based =
 *   (MWh − green MWh) × the factor excluding market-traded non-fossil power;
 * - heat and steam: GJ × purchased-heat factor;
 * - measured CO2 as is, CH4/N2O × GWP of the library's one assessment report;
 * - on-site PV generation: no emission (scope 0), counted by the PV methodology.
 * Errors (a unit that does not fit, green power above consumption) are EmissionErrors
 * naming the field.
 */
export function emissionOf(
  reading: ReadingForEmission,
  library: FactorLibrary,
  regionCode: string = usccRegionCode(reading.orgId),
): EmissionResult {
  const { type } = reading;
  if (type === 'electricity' || type === 'pv_generation') {
    const mwh = activityOf(reading, 'MWh');
    const factors: FactorRef[] = [];
    if (type === 'pv_generation') {
      return {
        scope: 0,
        category: 'generation',
        activity: mwh,
        activityUnit: 'MWh',
        tco2eLocation: 0,
        tco2eMarket: 0,
        tce: 0,
        factors,
      };
    }
    const greenMwh = (reading.greenElectricityKWh ?? 0) / 1000;
    if (greenMwh > mwh * (1 + 1e-12)) {
      throw new EmissionError(
        `greenElectricityKWh ${reading.greenElectricityKWh} exceeds the reading's ${mwh * 1000} kWh`,
        'greenElectricityKWh',
      );
    }
    const year = readingYear(reading.periodStart);
    const average = library.gridFactorFor(regionCode, year, 'average');
    const residual = library.gridFactorFor(regionCode, year, 'excl_market_nonfossil');
    factors.push(refOf(average), refOf(residual));
    const tce = tceFor(library, 'electricity', mwh * 1000, factors);
    return {
      scope: 2,
      category: 'electricity',
      activity: mwh,
      activityUnit: 'MWh',
      tco2eLocation: mwh * (average.value ?? 0),
      tco2eMarket: Math.max(0, mwh - greenMwh) * (residual.value ?? 0),
      tce,
      factors,
    };
  }

  if (type === 'heat' || type === 'steam') {
    const gj = activityOf(reading, 'GJ');
    const heat = library.heatFactor();
    const factors = [refOf(heat)];
    const tco2 = gj * (heat.value ?? 0);
    const tce = tceFor(library, 'heat', gj * 1000, factors);
    return {
      scope: 2,
      category: 'heat',
      activity: gj,
      activityUnit: 'GJ',
      tco2eLocation: tco2,
      tco2eMarket: tco2,
      tce,
      factors,
    };
  }

  if (isCombustionFuel(type)) {
    const fuel = library.fuelFactorFor(type);
    const activityUnit = fuel.activityUnit as ActivityUnit;
    const amount = activityOf(reading, activityUnit);
    const factors = [refOf(fuel.record)];
    const tco2 = amount * fuel.tco2PerUnit;
    // tce coefficients are per kg for solid and liquid fuels and per m3 for natural gas;
    // a fuel without one is converted through its calorific value (1 kgce = 29,307 kJ).
    const perUnit = activityUnit === 't' ? 1000 : 1e4;
    let tce = tceFor(library, type, amount * perUnit, factors);
    if (tce === 0 && fuel.record.params)
      tce = (amount * fuel.record.params.ncvGJPerUnit * KGCE_PER_GJ) / 1000;
    return {
      scope: 1,
      category: 'combustion',
      activity: amount,
      activityUnit,
      tco2eLocation: tco2,
      tco2eMarket: tco2,
      tce,
      factors,
    };
  }

  if (isMeasuredGas(type)) {
    const tonnes = activityOf(reading, 't');
    const factors: FactorRef[] = [];
    let tco2e = tonnes;
    if (type !== 'co2') {
      const gwp = library.gwpFor(type);
      factors.push(refOf(gwp));
      tco2e = tonnes * (gwp.value ?? 0);
    }
    return {
      scope: 1,
      category: 'measured',
      activity: tonnes,
      activityUnit: 't',
      tco2eLocation: tco2e,
      tco2eMarket: tco2e,
      tce: 0,
      factors,
    };
  }

  throw new EmissionError(`type ${String(type)} has no emission rule`, 'type');
}

// Module functions, not closures made on every call: tsx, which runs the services, names
// each such closure as it is made (esbuild's keepNames), a tenth of emissionOf's time.

/** The reading's quantity in `target`; a unit that does not fit is an EmissionError on 'unit'. */
function activityOf(reading: ReadingForEmission, target: ActivityUnit): number {
  try {
    return activityIn(reading.type, reading.quantity, reading.unit, target, reading);
  } catch (err) {
    if (err instanceof UnitError) throw new EmissionError(err.message, 'unit');
    throw err;
  }
}

/** tce of an amount in the coefficient's unit (0 without a coefficient), noting the record used. */
function tceFor(
  library: FactorLibrary,
  energy: string,
  amountInCoefficientUnit: number,
  factors: FactorRef[],
): number {
  const coefficient = library.tceCoefficientFor(energy);
  if (!coefficient?.value) return 0;
  factors.push(refOf(coefficient));
  return (amountInCoefficientUnit * coefficient.value) / 1000;
}
