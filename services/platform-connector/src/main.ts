import { mkdirSync } from 'node:fs';
import { loadUnitTables } from '@carbon-account/accounting';
import { createKafka, ensureTopics, topicNames } from '@carbon-account/kafka';
import {
  createLogger,
  createMetricsRegistry,
  loadConfigOrExit,
  startOpsServer,
  stopOnSignals,
} from '@carbon-account/runtime';
import { CHECKPOINT_TOPIC } from './checkpoints.js';
import { platformConnectorEnv } from './config.js';
import { startConnector } from './connector.js';
import { loadAccountMap } from './mapping.js';
import { platformConnectorMetrics } from './metrics.js';

// config → clients → pipeline → server
const logger = createLogger('platform-connector');
const config = loadConfigOrExit(platformConnectorEnv, logger);
loadUnitTables();
let accounts: ReturnType<typeof loadAccountMap>;
try {
  accounts = loadAccountMap(config.MAPPING_FILE);
} catch (err) {
  logger.fatal({ err: (err as Error).message }, 'mapping file unusable: fix it and start again');
  process.exit(1);
}
mkdirSync(config.INBOX_DIR, { recursive: true });
const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
const checkpointTopic = config.KAFKA_TOPIC_PREFIX + CHECKPOINT_TOPIC;
const shutdown = stopOnSignals(logger);

const kafka = createKafka({
  brokers: config.KAFKA_BROKERS,
  clientId: 'platform-connector',
  logger,
});
const layout = {
  partitions: config.KAFKA_PARTITIONS,
  replicationFactor: config.KAFKA_REPLICATION_FACTOR,
};
await ensureTopics(kafka, topics, layout);
await ensureTopics(
  kafka,
  { checkpoints: checkpointTopic },
  {
    ...layout,
    partitions: 1,
    config: { 'cleanup.policy': 'compact' },
  },
);

const registry = createMetricsRegistry('platform-connector');
const connector = await startConnector({
  kafka,
  topics,
  checkpointTopic,
  connectorId: config.CONNECTOR_ID,
  // The prefix keeps test runs on a shared broker from fencing each other.
  transactionalId: config.KAFKA_TOPIC_PREFIX + config.CONNECTOR_ID,
  accounts,
  inboxDir: config.INBOX_DIR,
  listing: config.PLATFORM_LISTING_URL
    ? {
        url: config.PLATFORM_LISTING_URL,
        token: config.PLATFORM_TOKEN,
        timeoutMs: config.PLATFORM_TIMEOUT_MS,
        downloadTimeoutMs: config.PLATFORM_DOWNLOAD_TIMEOUT_MS,
      }
    : undefined,
  pollIntervalMs: config.POLL_INTERVAL_MS,
  settleMs: config.INBOX_SETTLE_MS,
  batchLines: config.BATCH_LINES,
  maxLineChars: config.MAX_LINE_CHARS,
  logger,
  metrics: platformConnectorMetrics(registry),
});
shutdown.add('connector', () => connector.stop());

const ops = await startOpsServer({
  port: config.PORT,
  registry,
  ready: async () => connector.healthy(),
});
shutdown.add('ops server', () => ops.close());
logger.info(
  {
    port: ops.port,
    inbox: config.INBOX_DIR,
    accounts: accounts.size,
    listing: config.PLATFORM_LISTING_URL ? new URL(config.PLATFORM_LISTING_URL).origin : null,
    topic: topics.readings,
  },
  'platform connector running',
);
