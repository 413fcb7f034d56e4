/** Reading types of the v1 contract (DESIGN.md "Kafka topic energy.readings.v1"). */
export const ENERGY_TYPES = [
  'electricity',
  'heat',
  'steam',
  'raw_coal',
  'coke',
  'crude_oil',
  'fuel_oil',
  'gasoline',
  'diesel',
  'lpg',
  'natural_gas',
  'coke_oven_gas',
  'co2',
  'ch4',
  'n2o',
  'pv_generation',
] as const;
export type EnergyType = (typeof ENERGY_TYPES)[number];

/** Who produced a reading. */
export const READING_SOURCES = ['enterprise', 'platform', 'cems'] as const;
export type ReadingSource = (typeof READING_SOURCES)[number];

/** Fuels burnt on site: scope 1 combustion (GB/T 32150). */
export const COMBUSTION_FUELS = [
  'raw_coal',
  'coke',
  'crude_oil',
  'fuel_oil',
  'gasoline',
  'diesel',
  'lpg',
  'natural_gas',
  'coke_oven_gas',
] as const;
export type CombustionFuel = (typeof COMBUSTION_FUELS)[number];

/** Greenhouse gases measured directly (e.g. by CEMS): scope 1. */
export const MEASURED_GASES = ['co2', 'ch4', 'n2o'] as const;
export type MeasuredGas = (typeof MEASURED_GASES)[number];

/** Scope 1 combustion: tCO2 = activity × NCV × CC × OF × 44/12 (DESIGN.md computation rules). */
export function isCombustionFuel(type: EnergyType): type is CombustionFuel {
  return (COMBUSTION_FUELS as readonly string[]).includes(type);
}

/** Scope 1 measured: the gas mass times its GWP of the configured assessment report (AR5 or AR6). */
export function isMeasuredGas(type: EnergyType): type is MeasuredGas {
  return (MEASURED_GASES as readonly string[]).includes(type);
}
