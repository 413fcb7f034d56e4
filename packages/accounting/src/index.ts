export {
  COMBUSTION_FUELS,
  type CombustionFuel,
  ENERGY_TYPES,
  type EnergyType,
  isCombustionFuel,
  isMeasuredGas,
  MEASURED_GASES,
  type MeasuredGas,
  READING_SOURCES,
  type ReadingSource,
} from './energy-types.js';
export {
  isValidUscc,
  provinceOf,
  usccCheckCharacter,
  usccProblem,
  usccRegionCode,
  withUsccCheckCharacter,
} from './uscc.js';
