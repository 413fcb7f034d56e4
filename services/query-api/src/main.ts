import { readFileSync } from 'node:fs';
import { factorLibraryFromEnv } from '@carbon-account/accounting';
import { createClickHouse } from '@carbon-account/clickhouse';
import {
  createLogger,
  createMetricsRegistry,
  loadConfigOrExit,
  stopOnSignals,
} from '@carbon-account/runtime';
import { accessLogWriter } from './access-log-writer.js';
import { buildApp } from './app.js';
import { loadApiKeys } from './auth/api-keys.js';
import { queryApiEnv } from './config.js';
import { queryApiMetrics } from './metrics.js';

// config → clients → app → server
const logger = createLogger('query-api');
const config = loadConfigOrExit(queryApiEnv, logger);
let keys: ReturnType<typeof loadApiKeys>;
try {
  keys = loadApiKeys(config.QUERY_API_KEYS_FILE);
} catch (err) {
  logger.fatal(
    { err: (err as Error).message },
    'cannot load API keys: fix QUERY_API_KEYS_FILE (see services/query-api/README.md)',
  );
  process.exit(1);
}
const library = factorLibraryFromEnv(config, (path) => readFileSync(path, 'utf8'));
const shutdown = stopOnSignals(logger);

const ch = createClickHouse({
  url: config.CLICKHOUSE_URL,
  database: config.CLICKHOUSE_DATABASE,
  sqlLogFile: config.CLICKHOUSE_SQL_LOG,
  maxOpenConnections: config.CLICKHOUSE_MAX_CONNECTIONS,
});
shutdown.add('clickhouse', () => ch.close());
const accessLog = accessLogWriter(ch, config.ACCESS_LOG_FLUSH_MS);
shutdown.add('access log', () => accessLog.close());

const registry = createMetricsRegistry('query-api');
const metrics = queryApiMetrics(registry);
const app = await buildApp({
  ch,
  keys,
  library,
  logger,
  registry,
  requestSeconds: metrics.requestSeconds,
  recordAccess: (entry) => accessLog.record(entry),
  rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
});
await app.listen({ port: config.PORT, host: config.HOST });
shutdown.add('http server', () => app.close());
const address = app.server.address();
logger.info(
  {
    port: typeof address === 'object' && address ? address.port : config.PORT,
    keys: keys.size,
    database: config.CLICKHOUSE_DATABASE,
  },
  'query API listening',
);
