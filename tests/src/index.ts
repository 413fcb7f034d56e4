export { freshDatabase, freshTopics, migrationsDir, serviceEnv, testLogger } from './fixtures.js';
