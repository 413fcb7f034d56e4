export { accountingMonth, computeBatch, MAX_PLAUSIBLE_TCO2E_PER_READING } from './compute.js';
export { contentHash, decodeBatch, deliveryVersion } from './decode.js';
export { partitionWriteTag, waitForWritesInFlight } from './in-flight.js';
export { planWrites } from './plan.js';
export { type BatchDeps, type BatchOutcome, processReadingsBatch } from './process-batch.js';
export { emissionLineRow, readingRow } from './rows.js';
