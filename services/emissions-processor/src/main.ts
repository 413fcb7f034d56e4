import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { factorLibraryFromEnv, loadUnitTables } from '@carbon-account/accounting';
import { createClickHouse } from '@carbon-account/clickhouse';
import {
  createDurableProducer,
  createKafka,
  runBatchConsumer,
  topicNames,
  watchConsumerLag,
} from '@carbon-account/kafka';
import {
  createLogger,
  createMetricsRegistry,
  loadConfigOrExit,
  startOpsServer,
  stopOnSignals,
} from '@carbon-account/runtime';
import { consumerGroups, emissionsProcessorEnv } from './config.js';
import { emissionsProcessorMetrics } from './metrics.js';
import { prepareReadingsBatch, storeReadingsBatch } from './pipeline/index.js';
import { storePublishedRejections } from './rejections/index.js';

// The old generation may grow to 1.75 times what the last full collection kept. Under the
// 160 MB cap (EMISSIONS_PROCESSOR_ENV in infra) V8 chose about 1.3 times (--trace-gc: 47 MB
// kept, the next full collection at 62), and two batches in flight keep about 50 MB: 110
// full collections in a run of 300,000 readings. npm run bench -- emissions, CPU per
// reading and peak RSS: V8's own factor 54-55 µs, 241-252 MB (3 runs); 1.75 37-43 µs,
// 260-277 MB (4); 2 35-42 µs, 270-295 MB (4), too near the ~300 MB budget. NODE_OPTIONS
// does not accept this flag, so it is set here.
setFlagsFromString('--heap-growing-percent=75');

// config → clients → pipeline → server
const logger = createLogger('emissions-processor');
const config = loadConfigOrExit(emissionsProcessorEnv, logger);
loadUnitTables();
const library = factorLibraryFromEnv(config, (path) => readFileSync(path, 'utf8'));
const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
const groups = consumerGroups(config);
const shutdown = stopOnSignals(logger);

const ch = createClickHouse({
  url: config.CLICKHOUSE_URL,
  database: config.CLICKHOUSE_DATABASE,
  sqlLogFile: config.CLICKHOUSE_SQL_LOG,
});
const kafka = createKafka({
  brokers: config.KAFKA_BROKERS,
  clientId: 'emissions-processor',
  logger,
});
const producer = await createDurableProducer(kafka);
shutdown.add('producer', () => producer.disconnect());
shutdown.add('clickhouse', () => ch.close());

const registry = createMetricsRegistry('emissions-processor');
const metrics = emissionsProcessorMetrics(registry);
const deps = { ch, producer, topics, library, gwpSet: config.GWP_SET };

const consumer = await runBatchConsumer({
  kafka,
  groupId: groups.readings,
  topics: [topics.readings],
  logger,
  maxBytesPerPartition: config.MAX_BATCH_BYTES,
  partitionsConsumedConcurrently: config.PARTITIONS_CONCURRENTLY,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
  storeBehind: config.BATCHES_STORED_BEHIND,
  // Decoding, computing and encoding change nothing outside: done as soon as a batch is
  // fetched, while its partition's previous batch may still be being stored.
  prepareBatch: (messages) => ({
    batch: prepareReadingsBatch(messages, deps),
    fetched: metrics.batchSeconds.startTimer(),
  }),
  handleBatch: async (_messages, _ctx, control, prepared) => {
    const outcome = await storeReadingsBatch(prepared.batch, deps, control);
    prepared.fetched();
    for (const [step, ms] of Object.entries(outcome.stepMs)) {
      metrics.stepSeconds.inc({ step }, ms / 1000);
    }
    metrics.messages.inc(outcome.messages);
    metrics.stored.inc(outcome.stored);
    metrics.duplicates.inc(outcome.duplicates);
    metrics.corrections.inc(outcome.corrections);
    for (const r of outcome.rejected) metrics.rejected.inc({ reason: r.reason });
    if (outcome.rejected.length > 0) {
      logger.warn(
        { rejected: outcome.rejected.length },
        'readings rejected; reasons are in rejected_readings and on the rejected topic',
      );
    }
  },
  onRetry: () => metrics.retries.inc(),
});
shutdown.add('consumer', () => consumer.stop());
const lagWatch = watchConsumerLag({
  kafka,
  groupId: groups.readings,
  topics: [topics.readings],
  intervalMs: config.LAG_INTERVAL_MS,
  logger,
  onLag: (p) => metrics.lag.set({ topic: p.topic, partition: String(p.partition) }, p.lag),
});
shutdown.add('lag watch', () => lagWatch.stop());

// Refusals by the ingest API and the platform connector, into the same table.
const rejections = await runBatchConsumer({
  kafka,
  groupId: groups.rejections,
  topics: [topics.rejected],
  logger,
  maxBytesPerPartition: config.MAX_BATCH_BYTES,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
  handleBatch: async (messages) => {
    const rows = await storePublishedRejections(messages, { ch, readingsTopic: topics.readings });
    for (const row of rows) metrics.rejectionsStored.inc({ source: row.source });
  },
  onRetry: () => metrics.retries.inc(),
});
shutdown.add('rejections consumer', () => rejections.stop());

const ops = await startOpsServer({ port: config.PORT, registry, ready: () => ch.ping() });
shutdown.add('ops server', () => ops.close());
logger.info(
  { port: ops.port, topic: topics.readings, database: config.CLICKHOUSE_DATABASE },
  'emissions processor running',
);
