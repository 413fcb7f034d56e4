export { type EnergyReadingV1, type EnergyReadingV1Input, energyReadingV1 } from './energy-reading.js';
export { instant, month, orgId, readingId, regionCode } from './identifiers.js';
