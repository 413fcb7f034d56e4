import { join } from 'node:path';
import {
  type ClickHouse,
  createClickHouse,
  ensureDatabase,
  migrate,
} from '@carbon-account/clickhouse';
import { projectRoot } from '@carbon-account/infra';
import { createKafka, ensureTopics, type TopicNames, topicNames } from '@carbon-account/kafka';
import { createLogger } from '@carbon-account/runtime';
import type { Kafka } from 'kafkajs';
import { inject } from 'vitest';

let counter = 0;
const unique = () => `${inject('runId')}_${process.pid}_${++counter}`;

export const testLogger = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'warn');
export const migrationsDir = join(projectRoot, 'schemas', 'clickhouse');

/** A database of its own for one test file, with every migration applied. */
export async function freshDatabase(opts: { migrate?: boolean } = {}): Promise<ClickHouse> {
  const database = `t_${unique()}`;
  const url = inject('clickhouseUrl');
  await ensureDatabase(url, database);
  const ch = createClickHouse({ url, database, sqlLogFile: inject('sqlLogFile') });
  if (opts.migrate ?? true) await migrate(ch, migrationsDir);
  return ch;
}

/** The contract's topics under a fresh prefix, created on the real broker. */
export async function freshTopics(
  partitions = 3,
): Promise<{ kafka: Kafka; topics: TopicNames; prefix: string }> {
  const prefix = `t${unique()}.`;
  const kafka = createKafka({ brokers: inject('brokers'), clientId: 'test', logger: testLogger });
  const topics = topicNames(prefix);
  await ensureTopics(kafka, topics, { partitions, replicationFactor: 1 });
  return { kafka, topics, prefix };
}

/**
 * The env of a processor of this test run: its database and topic prefix, a consumer group
 * of this run only (a broker shared with other runs would hand their partitions to it),
 * ops on a free port.
 */
export function runServiceEnv(
  run: { database: string; prefix: string },
  group: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return serviceEnv({
    CLICKHOUSE_DATABASE: run.database,
    KAFKA_TOPIC_PREFIX: run.prefix,
    KAFKA_GROUP_ID: `${run.prefix}${group}`,
    PORT: '0',
    ...extra,
  });
}

/** The env a spawned service needs to reach this run's Kafka and ClickHouse. */
export function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KAFKA_BROKERS: inject('brokers').join(','),
    CLICKHOUSE_URL: inject('clickhouseUrl'),
    CLICKHOUSE_SQL_LOG: inject('sqlLogFile'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...extra,
  };
}
