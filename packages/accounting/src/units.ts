import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { create, FactoryFunctionMap, MathJsInstance, Unit } from 'mathjs';
import type { EnergyType } from './energy-types.js';

/**
 * Unit conversion through mathjs (DESIGN.md: never hand-written tables of multipliers).
 * mathjs parses each distinct unit spelling once; the multiplier it gives is cached, so
 * the hot path of a stream processor is one float multiplication (float64 keeps the
 * relative error near 1e-15, far inside the 1e-9 the accounting needs).
 */
let math: MathJsInstance | undefined;

/**
 * mathjs's main entry builds every one of its functions on import: about 30 MB of heap,
 * which each major GC walks again, and about 90 MB of RSS. Its CommonJS build keeps each
 * factory in a file of its own, and the unit factories alone cost a third of that. Those
 * files sit behind the package's exports map, so they are reached by path from its
 * package.json; the lockfile pins the version and the unit tests fail if a release moves
 * them. Loading waits for the first unit spelling read, so a service that never converts
 * units (the query API, the account processor) loads none of it.
 */
function unitMath(): MathJsInstance {
  if (math) return math;
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve('mathjs/package.json')), 'lib', 'cjs');
  const dependencies = (name: string) =>
    require(join(lib, 'entry', 'dependenciesAny', `dependencies${name}.generated.js`));
  const mathjs = require(join(lib, 'core', 'create.js')) as { create: typeof create };
  const { createUnitDependencies } = dependencies('CreateUnit') as {
    createUnitDependencies: FactoryFunctionMap;
  };
  const { unitDependencies } = dependencies('UnitFunction') as {
    unitDependencies: FactoryFunctionMap;
  };
  const instance = mathjs.create({ createUnitDependencies, unitDependencies });
  // Normal cubic metre: gas volume at standard conditions. Utilities bill gas in it; the
  // factor library's gas parameters are per 10^4 Nm3, so m3 and Nm3 are taken as equal
  // (meters report corrected volume).
  instance.createUnit('Nm3', '1 m^3');
  math = instance;
  return instance;
}

/**
 * Loads mathjs's unit tables now. A service that converts units calls it at start, so its
 * first reading does not wait the quarter second that loading takes.
 */
export function loadUnitTables(): void {
  unitMath();
}

type Dimension = 'energy' | 'mass' | 'volume';

const unitOf = (value: number, name: string): Unit => unitMath().unit(value, name) as Unit;

const DIMENSIONS: Dimension[] = ['energy', 'mass', 'volume'];
const BASE_UNIT: Record<Dimension, string> = { energy: 'J', mass: 'kg', volume: 'm^3' };

/** The activity unit a type's factor is expressed in. */
export type ActivityUnit = 'MWh' | 'GJ' | 't' | '10^4 Nm3';

/** Dimensions a type may be reported in (first one is the activity unit's own). */
const ACCEPTED: Record<EnergyType, Dimension[]> = {
  electricity: ['energy'],
  pv_generation: ['energy'],
  heat: ['energy'],
  steam: ['energy', 'mass'],
  raw_coal: ['mass'],
  coke: ['mass'],
  crude_oil: ['mass', 'volume'],
  fuel_oil: ['mass', 'volume'],
  gasoline: ['mass', 'volume'],
  diesel: ['mass', 'volume'],
  lpg: ['mass', 'volume'],
  natural_gas: ['volume'],
  coke_oven_gas: ['volume'],
  co2: ['mass'],
  ch4: ['mass'],
  n2o: ['mass'],
};

const DIMENSION_WORDS: Record<Dimension, string> = {
  energy: 'energy (kWh, MWh, GWh, GJ, MJ)',
  mass: 'mass (t, kg)',
  volume: 'volume (m3, Nm3, 10^4 Nm3, L)',
};

export class UnitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnitError';
  }
}

interface ParsedUnit {
  dimension: Dimension;
  /** Multiply a quantity in this unit by it to get SI base units (J, kg, m^3). */
  toBase: number;
}

const parsedUnits = new Map<string, ParsedUnit>();

/** Reads a unit spelling such as "kWh", "t", "10^4 Nm3" or "万Nm3" (10,000 Nm3). */
export function parseUnit(spelling: string): ParsedUnit {
  const cached = parsedUnits.get(spelling);
  if (cached) return cached;
  let text = spelling.trim();
  let scale = 1;
  const tenThousand = /^(?:10\^4|1e4|万)\s*/i.exec(text);
  if (tenThousand) {
    scale = 1e4;
    text = text.slice(tenThousand[0].length);
  }
  text = text.replace(/^m³$/, 'm3').replace(/^Nm³$/, 'Nm3');
  let unit: Unit;
  try {
    unit = unitOf(1, text);
  } catch {
    throw new UnitError(`unknown unit "${spelling}"`);
  }
  const dimension = DIMENSIONS.find((d) => unit.equalBase(unitOf(1, BASE_UNIT[d])));
  if (!dimension) throw new UnitError(`unit "${spelling}" is not energy, mass or volume`);
  const parsed = { dimension, toBase: scale * unit.toNumber(BASE_UNIT[dimension]) };
  parsedUnits.set(spelling, parsed);
  return parsed;
}

export interface ActivityExtras {
  /** kg/L, for liquid fuels reported by volume. */
  densityKgPerL?: number;
  /** kJ/kg, for steam reported by mass. */
  steamEnthalpyKJPerKg?: number;
}

/**
 * Steam by mass to heat: GJ per t = (enthalpy − 83.74 kJ/kg) × 10⁻³, the enthalpy of the
 * returned condensate being that of water at 20 °C (reference other-factors.csv, steam_to_gj).
 */
export const STEAM_REFERENCE_ENTHALPY_KJ_PER_KG = 83.74;

/**
 * Converts a reported quantity to the activity unit of its factor. A unit whose dimension
 * the type does not accept (kg of electricity, kWh of diesel) is an error naming both;
 * a liquid fuel in litres needs a density, steam in tonnes an enthalpy.
 */
export function activityIn(
  type: EnergyType,
  quantity: number,
  unit: string,
  target: ActivityUnit,
  extras: ActivityExtras = {},
): number {
  const parsed = parseUnit(unit);
  const accepted = ACCEPTED[type];
  if (!accepted.includes(parsed.dimension)) {
    throw new UnitError(
      `unit "${unit}" (${parsed.dimension}) does not fit type ${type}: expected ${accepted.map((d) => DIMENSION_WORDS[d]).join(' or ')}`,
    );
  }
  const { toBase: targetBase, dimension: targetDimension } = parseUnit(target);
  const base = quantity * parsed.toBase;
  if (parsed.dimension === targetDimension) return base / targetBase;
  if (parsed.dimension === 'volume' && targetDimension === 'mass') {
    const density = extras.densityKgPerL;
    if (!density || !(density > 0)) {
      throw new UnitError(`${type} in "${unit}" needs densityKgPerL to be converted to ${target}`);
    }
    // m^3 → L (×1000) → kg (× density)
    return (base * 1000 * density) / targetBase;
  }
  if (type === 'steam' && parsed.dimension === 'mass' && target === 'GJ') {
    const h = extras.steamEnthalpyKJPerKg;
    if (!h || !(h > STEAM_REFERENCE_ENTHALPY_KJ_PER_KG)) {
      throw new UnitError(
        `steam in "${unit}" needs steamEnthalpyKJPerKg above ${STEAM_REFERENCE_ENTHALPY_KJ_PER_KG}`,
      );
    }
    const tonnes = base / parseUnit('t').toBase;
    return tonnes * (h - STEAM_REFERENCE_ENTHALPY_KJ_PER_KG) * 1e-3;
  }
  throw new UnitError(`cannot convert "${unit}" of ${type} to ${target}`);
}

/** True when `unit` is a spelling the type accepts (for early checks at an API's door). */
export function unitProblem(type: EnergyType, unit: string): string | undefined {
  try {
    const parsed = parseUnit(unit);
    if (!ACCEPTED[type].includes(parsed.dimension)) {
      return `unit "${unit}" (${parsed.dimension}) does not fit type ${type}: expected ${ACCEPTED[type].map((d) => DIMENSION_WORDS[d]).join(' or ')}`;
    }
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
