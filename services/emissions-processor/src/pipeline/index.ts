export { accountingMonth, computeBatch, MAX_PLAUSIBLE_TCO2E_PER_READING } from './compute.js';
export { contentHash, decodeBatch, deliveryVersion } from './decode.js';
export { type EncodedRows, emissionLinesBody, readingsBody } from './encode.js';
export { encodeReadings } from './encode-readings.js';
export { partitionWriteTag, waitForWritesInFlight } from './in-flight.js';
export { planWrites } from './plan.js';
export {
  type BatchDeps,
  type BatchOutcome,
  type PreparedBatch,
  prepareReadingsBatch,
  storeReadingsBatch,
} from './process-batch.js';
export { emissionLineRow, readingRow, replacedRow } from './rows.js';
export { storedColumnsMatch } from './stored-columns.js';
export {
  emissionLinesTable,
  lineOfEmissionLines,
  readingsTable,
  replacedOfEmissionLines,
} from './tables.js';
