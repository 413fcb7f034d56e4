export {
  ensureClickHouseBinary,
  type LocalClickHouse,
  startLocalClickHouse,
} from './clickhouse.js';
export { dockerAnswers } from './containers.js';
export { ensureKafkaJars, type LocalKafka, startLocalKafka } from './kafka.js';
export { EMISSIONS_PROCESSOR_ENV, QUERY_API_NODE_OPTIONS } from './local-services.js';
export { localDir, projectRoot } from './paths.js';
export { freePort, startTethered, type Tethered, waitUntil } from './process.js';
export { nodeWithTsx, serviceCommand } from './service-command.js';
export { provideServices, type ServiceSource, type Services } from './services.js';
