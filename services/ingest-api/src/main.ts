import { setFlagsFromString } from 'node:v8';
import { createDurableProducer, createKafka, topicNames } from '@carbon-account/kafka';
import {
  createLogger,
  createMetricsRegistry,
  loadConfigOrExit,
  stopOnSignals,
} from '@carbon-account/runtime';
import { type ApiKeys, loadApiKeys } from './api-keys.js';
import { ingestApiEnv } from './config.js';
import { startJudgeThreads } from './intake/judge-threads.js';
import { kafkaReadiness } from './kafka-health.js';
import { createKafkaWriter } from './kafka-writer.js';
import { ingestApiMetrics } from './metrics.js';
import { buildServer } from './server.js';

// A heap may grow to 3 times what the last full collection kept, not V8's up to 4 times:
// two heaps (this thread's and a judging thread's) must fit the ~300 MB a service may
// use, and what they keep is small. Measured with npm run bench -- ingest: 300 MB at
// 3 times, 313 at 3.5, 274 at 2.5 with a fifth more CPU per reading.
setFlagsFromString('--heap-growing-percent=200');

// config → clients → routes → server
const logger = createLogger('ingest-api');
const config = loadConfigOrExit(ingestApiEnv, logger);
let keys: ApiKeys;
try {
  keys = loadApiKeys(config.INGEST_API_KEYS_FILE);
} catch (err) {
  logger.fatal({ err }, 'cannot start without API keys: fix INGEST_API_KEYS_FILE');
  process.exit(1);
}
const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
const shutdown = stopOnSignals(logger);

// kafkajs gives up on a write well within KAFKA_WRITE_TIMEOUT_MS, so a request answered
// 503 is not still being retried behind the client's back.
const kafka = createKafka({
  brokers: config.KAFKA_BROKERS,
  clientId: 'ingest-api',
  logger,
  extra: {
    retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 3 },
    requestTimeout: Math.max(1_000, Math.floor(config.KAFKA_WRITE_TIMEOUT_MS / 2)),
    connectionTimeout: 1_000,
  },
});
const readiness = kafkaReadiness(kafka, [topics.readings, topics.outputs, topics.rejected]);
shutdown.add('readiness', () => readiness.close());

const registry = createMetricsRegistry('ingest-api');
const metrics = ingestApiMetrics(registry);
const writer = createKafkaWriter({
  connect: () => createDurableProducer(kafka),
  timeoutMs: config.KAFKA_WRITE_TIMEOUT_MS,
  maxPendingBytes: config.MAX_PENDING_BYTES,
  maxWriteBytes: config.KAFKA_MAX_WRITE_BYTES,
  producers: config.KAFKA_PRODUCERS,
  logger,
  onWrite: (seconds, _messages, ok) =>
    metrics.kafkaWriteSeconds.observe({ outcome: ok ? 'ok' : 'failed' }, seconds),
  onLateWrite: () => metrics.lateWrites.inc(),
});
await writer.start().catch((err) => {
  logger.fatal(
    { err, brokers: config.KAFKA_BROKERS },
    'cannot connect to Kafka: check KAFKA_BROKERS',
  );
  process.exit(1);
});
shutdown.add('producer', () => writer.close());

const judge = startJudgeThreads({
  threads: config.INGEST_JUDGE_THREADS,
  keysFile: config.INGEST_API_KEYS_FILE,
  topics,
});
shutdown.add('judging threads', () => judge.close());

const app = buildServer({
  keys,
  logger,
  registry,
  metrics,
  judge,
  writer,
  retryAfterSeconds: config.RETRY_AFTER_SECONDS,
  maxBodyBytes: config.MAX_BODY_BYTES,
  ready: readiness.ready,
});
await app.listen({ port: config.PORT, host: config.HOST });
shutdown.add('http server', () => app.close());
const address = app.server.address();
logger.info(
  {
    port: typeof address === 'object' && address ? address.port : config.PORT,
    keys: keys.size,
    topics: [topics.readings, topics.outputs],
  },
  'ingest API listening',
);
