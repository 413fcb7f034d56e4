import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tethered } from '@carbon-account/infra';
import type { TopicNames } from '@carbon-account/kafka';
import { orgRegistryFile } from '@carbon-account/schemas';
import { isCountedReading, simulatedEvents, simulatedOrgs } from '@carbon-account/simulation';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTopics, serviceEnv, startService } from '../src/index.js';

/** Every message of the topics, read from the beginning until `expected` have arrived. */
async function readAll(kafka: Kafka, topics: string[], expected: number, timeoutMs = 60_000) {
  const consumer = kafka.consumer({ groupId: `simulator-check-${Date.now()}` });
  const messages: { topic: string; key: string; value: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${messages.length} of ${expected} messages arrived`)),
      timeoutMs,
    );
    void consumer.run({
      eachMessage: async ({ topic, message }) => {
        messages.push({
          topic,
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
        });
        if (messages.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  try {
    await done;
    // Anything beyond what was expected would arrive in this pause.
    await new Promise((r) => setTimeout(r, 2_000));
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

describe('simulator process against the real broker', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let prefix: string;
  let dir: string;
  let simulator: Tethered | undefined;
  const run = {
    orgCount: 8,
    seed: 17,
    from: '2025-01-30T12:00:00+08:00',
    to: '2025-02-01T06:00:00+08:00',
    badShare: 0.02,
  };

  beforeAll(async () => {
    ({ kafka, topics, prefix } = await freshTopics(3));
    dir = await mkdtemp(join(tmpdir(), 'simulator-test-'));
  });
  afterAll(async () => {
    await simulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('backfills a date range to Kafka: every reading and report it generated arrives once, keyed by orgId; the registry file parses', {
    timeout: 180_000,
  }, async () => {
    const registryFile = join(dir, 'orgs.json');
    simulator = startService(
      'simulator',
      serviceEnv({
        TARGET: 'kafka',
        KAFKA_TOPIC_PREFIX: prefix,
        ORG_COUNT: String(run.orgCount),
        SEED: String(run.seed),
        FROM: run.from,
        TO: run.to,
        BAD_SHARE: String(run.badShare),
        BATCH_SIZE: '500',
        ORG_REGISTRY_FILE: registryFile,
        PORT: '0',
      }),
    );
    expect(await simulator.exited).toBe(0);

    const registry = orgRegistryFile.parse(JSON.parse(await readFile(registryFile, 'utf8')));
    expect(registry.orgs).toEqual(simulatedOrgs(run.orgCount, run.seed));

    // The same options regenerate exactly what the process sent.
    const events = [...simulatedEvents(run)];
    const expected = events.flatMap((e) =>
      e.kind === 'reading'
        ? [{ topic: topics.readings, key: e.reading.orgId, value: JSON.stringify(e.reading) }]
        : e.kind === 'output'
          ? [{ topic: topics.outputs, key: e.output.orgId, value: JSON.stringify(e.output) }]
          : [],
    );
    const counted = events.filter(isCountedReading);
    expect(counted.length).toBeGreaterThan(1_000);
    expect(events.filter((e) => e.kind === 'output').length).toBe(run.orgCount);
    expect(events.some((e) => e.kind === 'reading' && e.flaw !== undefined)).toBe(true);

    const arrived = await readAll(kafka, [topics.readings, topics.outputs], expected.length);
    const sortKey = (m: { topic: string; key: string; value: string }) =>
      `${m.topic}|${m.key}|${m.value}`;
    expect(arrived.map(sortKey).sort()).toEqual(expected.map(sortKey).sort());
    for (const m of arrived) {
      const body = JSON.parse(m.value) as { orgId: string };
      expect(m.key).toBe(body.orgId);
    }
  });

  it('refuses a configuration that cannot work and exits 1', { timeout: 60_000 }, async () => {
    const bad = startService(
      'simulator',
      serviceEnv({ TARGET: 'ingest-api', KAFKA_TOPIC_PREFIX: prefix, PORT: '0' }),
    );
    expect(await bad.exited).toBe(1);
  });
});
