export * as queryApi from './api/index.js';
export { type EmissionLineV1, emissionLineV1 } from './emission-line.js';
export {
  type EnergyReadingV1,
  type EnergyReadingV1Input,
  energyReadingV1,
} from './energy-reading.js';
export { instant, month, orgId, readingId, regionCode } from './identifiers.js';
export { type OrgOutputV1, orgOutputV1 } from './org-output.js';
export { type OrgRecord, orgRecord, orgRegistryFile } from './org-registry.js';
export { type RejectedReadingV1, rejectedReadingV1 } from './rejected-reading.js';
export { describeFieldErrors, type FieldError, fieldErrors } from './validation-errors.js';
