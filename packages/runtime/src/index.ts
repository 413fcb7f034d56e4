export {
  ConfigError,
  clickhouseEnv,
  commonEnv,
  csvList,
  kafkaEnv,
  loadConfig,
  loadConfigOrExit,
  port,
} from './config.js';
export { createLogger, type Logger, redactUrl } from './logger.js';
export { Counter, createMetricsRegistry, Gauge, Histogram, Registry } from './metrics.js';
export { type OpsServer, startOpsServer } from './ops-server.js';
export { stopOnSignals } from './shutdown.js';
