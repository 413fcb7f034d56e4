export {
  type EnergyReadingV1,
  type EnergyReadingV1Input,
  energyReadingV1,
} from './energy-reading.js';
export { instant, month, orgId, readingId, regionCode } from './identifiers.js';
export { type OrgOutputV1, orgOutputV1 } from './org-output.js';
export { type OrgRecord, orgRecord, orgRegistryFile } from './org-registry.js';
