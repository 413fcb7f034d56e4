import { createLogger, loadConfigOrExit, stopOnSignals } from '@carbon-account/runtime';
import { dashboardEnv } from './config.js';
import { dashboardServer } from './server/app.js';
import { bundleFrontEnd } from './server/bundle.js';

// config → front-end bundle → server
const logger = createLogger('dashboard');
const config = loadConfigOrExit(dashboardEnv, logger);
const shutdown = stopOnSignals(logger);

const bundle = await bundleFrontEnd({ minify: config.NODE_ENV === 'production' });
const app = dashboardServer({
  logger,
  bundle,
  queryApiUrl: config.QUERY_API_URL,
  timeoutMs: config.QUERY_API_TIMEOUT_MS,
});
await app.listen({ port: config.PORT, host: config.HOST });
shutdown.add('http server', () => app.close());
const address = app.server.address();
logger.info(
  {
    port: typeof address === 'object' && address ? address.port : config.PORT,
    queryApi: config.QUERY_API_URL,
  },
  'dashboard serving',
);
