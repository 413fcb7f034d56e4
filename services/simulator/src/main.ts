import { createDurableProducer, createKafka, topicNames } from '@carbon-account/kafka';
import {
  createLogger,
  createMetricsRegistry,
  loadConfigOrExit,
  startOpsServer,
  stopOnSignals,
} from '@carbon-account/runtime';
import { simulatedEnterprises } from '@carbon-account/simulation';
import { runPlan, simulatorEnv } from './config.js';
import { simulatorMetrics } from './metrics.js';
import { writeRegistryFile } from './registry-file.js';
import { runSimulation } from './run.js';
import { ingestApiSink } from './sinks/ingest-api-sink.js';
import { kafkaSink } from './sinks/kafka-sink.js';
import type { Sink } from './sinks/sink.js';

// config → enterprises and registry file → sink → run → ops server
const logger = createLogger('simulator');
const config = loadConfigOrExit(simulatorEnv, logger);
const shutdown = stopOnSignals(logger);

const enterprises = simulatedEnterprises(config.ORG_COUNT, config.SEED);
if (config.ORG_REGISTRY_FILE) {
  await writeRegistryFile(
    config.ORG_REGISTRY_FILE,
    enterprises.map((e) => e.org),
  );
  logger.info({ file: config.ORG_REGISTRY_FILE, orgs: enterprises.length }, 'org registry written');
}

let sink: Sink;
if (config.TARGET === 'kafka') {
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS as string[],
    clientId: 'simulator',
    logger,
  });
  sink = kafkaSink(
    kafka,
    await createDurableProducer(kafka),
    topicNames(config.KAFKA_TOPIC_PREFIX),
  );
} else {
  sink = ingestApiSink(config.INGEST_API_URL as string, config.INGEST_API_KEY as string);
}
shutdown.add('sink', () => sink.close());

if (!(await sink.ready().catch(() => false))) {
  logger.error(
    { target: sink.name, topicPrefix: config.KAFKA_TOPIC_PREFIX, url: config.INGEST_API_URL },
    config.TARGET === 'kafka'
      ? 'the readings and outputs topics are missing on the broker: create them (npm start does) or fix KAFKA_TOPIC_PREFIX; sends are retried until they exist'
      : 'the ingest API is not ready (GET /readyz): sends are retried until it is',
  );
}

const registry = createMetricsRegistry('simulator');
const metrics = simulatorMetrics(registry);
const ops = await startOpsServer({ port: config.PORT, registry, ready: () => sink.ready() });
shutdown.add('ops server', () => ops.close());

const plan = runPlan(config, Date.now());
const stop = new AbortController();
logger.info(
  {
    target: sink.name,
    orgs: enterprises.length,
    seed: config.SEED,
    from: new Date(plan.from).toISOString(),
    to: new Date(plan.to).toISOString(),
    live: plan.live,
    ratePerSecond: config.RATE_PER_SECOND || 'unlimited',
    port: ops.port,
  },
  'simulator running',
);
const running = runSimulation(
  enterprises,
  {
    seed: config.SEED,
    badShare: config.BAD_SHARE,
    electricityInterval: config.ELECTRICITY_INTERVAL,
    ...plan,
  },
  {
    sink,
    logger,
    metrics,
    batchSize: config.BATCH_SIZE,
    ratePerSecond: config.RATE_PER_SECOND,
    signal: stop.signal,
  },
);
shutdown.add('simulation', async () => {
  stop.abort();
  await running.catch(() => undefined);
});

try {
  await running;
} catch (err) {
  if (!stop.signal.aborted) {
    logger.fatal({ err }, 'simulation stopped: the target refused it for good (see the error)');
    await sink.close().catch(() => undefined);
    process.exit(1);
  }
}
if (!plan.live && !stop.signal.aborted) {
  logger.info('backfill complete; exiting');
  await ops.close();
  await sink.close();
  process.exit(0);
}
