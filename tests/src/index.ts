export { freshDatabase, freshTopics, migrationsDir, serviceEnv, testLogger } from './fixtures.js';
export { markdownTable, peakRssMb, percentile } from './measure.js';
