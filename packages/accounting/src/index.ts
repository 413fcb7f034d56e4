export { intensityReduction } from './assets/intensity-reduction.js';
export { issuancesFor, METHODOLOGIES, newIssuances } from './assets/issuance.js';
export {
  type CarbonAssetMethodology,
  type Issuance,
  issuanceId,
  type MethodologyInput,
} from './assets/methodology.js';
export { onsitePv } from './assets/onsite-pv.js';
export { CHINA_OFFSET_MS, chinaMonth, chinaMonthStart, shiftMonth } from './china-time.js';
export {
  type EmissionCategory,
  EmissionError,
  type EmissionResult,
  type EmissionScope,
  emissionOf,
  KGCE_PER_GJ,
  type ReadingForEmission,
  readingYear,
} from './emissions.js';
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
  factorEnv,
  factorLibraryFromEnv,
  factorLibraryFromSettings,
} from './factors/configured.js';
export {
  CO2_PER_CARBON,
  createFactorLibrary,
  type FactorLibrary,
  type FactorLibraryOptions,
  type FuelFactor,
  type GridBasis,
  type GwpSet,
  shippedFactorRecords,
} from './factors/library.js';
export {
  type FactorRecord,
  type FactorRef,
  factorRecord,
  parseFactorRecords,
  refOf,
} from './factors/records.js';
export { regionChain } from './factors/regions.js';
export { instantMs } from './instant.js';
export {
  type CarbonEfficiencyGrade,
  carbonEfficiencyGrade,
  carbonIntensity,
  type IntensityBand,
  intensityBand,
} from './intensity.js';
export {
  LEDGER_GENESIS_HASH,
  type LedgerEntryContent,
  ledgerEntryHash,
  verifyLedgerChain,
} from './ledger-hash.js';
export {
  type AccountLine,
  type MonthlyAccount,
  monthlyAccount,
  type OutputReport,
  type Totals,
} from './monthly-account.js';
export {
  type ActivityExtras,
  type ActivityUnit,
  activityIn,
  loadUnitTables,
  parseUnit,
  UnitError,
  unitProblem,
} from './units.js';
export {
  isValidUscc,
  provinceOf,
  usccCheckCharacter,
  usccProblem,
  usccRegionCode,
  withUsccCheckCharacter,
} from './uscc.js';
