export * as queryApi from './api/index.js';
export { createContractReading } from './contract-reading.js';
export { type EmissionLineV1, emissionLineV1 } from './emission-line.js';
export {
  type EnergyReadingV1,
  type EnergyReadingV1Input,
  energyReadingRuleProblems,
  energyReadingV1,
} from './energy-reading.js';
export { instant, month, orgId, readingId, regionCode } from './identifiers.js';
export {
  fieldErrorV1,
  type IngestErrorV1,
  type IngestItemResultV1,
  type IngestResponseV1,
  ingestErrorV1,
  ingestItemResultV1,
  ingestResponseV1,
  MAX_ITEMS_PER_REQUEST,
  outputsRequestV1,
  readingsRequestV1,
} from './ingest-api.js';
export { jsonSchemaFiles } from './json-schemas.js';
export { decodeOrgKeyed, type KeyedMessage, type OrgKeyedDecoding } from './org-keyed-message.js';
export { type OrgOutputV1, orgOutputV1 } from './org-output.js';
export { type OrgRecord, orgRecord, orgRegistryFile } from './org-registry.js';
export { type ReadingColumns, readingColumns } from './reading-columns.js';
export { readingJson } from './reading-json.js';
export {
  type KafkaRefusal,
  MAX_RAW_CHARS,
  type RejectedReadingV1,
  rawOfRefusal,
  refusalKey,
  rejectedKafkaMessage,
  rejectedKafkaRow,
  rejectedReadingV1,
} from './rejected-reading.js';
export {
  describeFieldErrors,
  describeValue,
  type FieldError,
  fieldErrors,
} from './validation-errors.js';
