export { chromiumPath, launchChromium, viewports } from './browser.js';
export {
  freshDatabase,
  freshTopics,
  migrationsDir,
  runServiceEnv,
  serviceEnv,
  testLogger,
} from './fixtures.js';
export { markdownTable, peakRssMb, percentile, pidListeningOn } from './measure.js';
export { seeded, testOrgIds, testReadings } from './readings.js';
export { eventually, killService, startService } from './service-process.js';
