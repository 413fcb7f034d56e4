import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClickHouse,
  createClickHouse,
  ensureDatabase,
  migrate,
} from '@carbon-account/clickhouse';
import { type LocalClickHouse, startLocalClickHouse, type Tethered } from '@carbon-account/infra';
import { afterAll, describe, expect, it } from 'vitest';
import {
  eventually,
  freshDatabase,
  freshTopics,
  killService,
  migrationsDir,
  seeded,
  serviceEnv,
  startService,
  testOrgIds,
  testReadings,
} from '../src/index.js';
import {
  caughtUp,
  collapsedLineTotals,
  expectedMonthlyTotals,
  produceReadings,
  storedMonthlyTotals,
  totalsDiff,
} from '../src/pipeline-checks.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const processorEnv = (database: string, prefix: string, extra: Record<string, string> = {}) =>
  serviceEnv({
    CLICKHOUSE_DATABASE: database,
    KAFKA_TOPIC_PREFIX: prefix,
    PORT: '0',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...extra,
  });

describe('emissions processor under failures', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('SIGKILL at random points five times during 200,000 readings: totals exact', {
    timeout: 600_000,
  }, async () => {
    const ch = await freshDatabase();
    cleanups.push(() => ch.close());
    const { kafka, topics, prefix } = await freshTopics(3);
    // 100 orgs × 2,000 hours of electricity + monthly deliveries ≈ 200,000 readings
    const sent = testReadings({
      orgIds: testOrgIds(100, 'K'),
      from: '2025-01-01T00:00:00+08:00',
      hours: 1997,
      seed: 11,
    });
    expect(sent.length).toBeGreaterThanOrEqual(200_000);
    await produceReadings(kafka, topics, sent);

    const random = seeded(42);
    let processor: Tethered | undefined;
    for (let kill = 0; kill < 5; kill++) {
      processor = startService('emissions-processor', processorEnv(ch.database, prefix));
      await sleep(3_000 + random() * 5_000);
      await killService(processor);
    }
    processor = startService('emissions-processor', processorEnv(ch.database, prefix));
    cleanups.push(() => processor?.stop());
    await eventually(
      'the processor to finish',
      () => caughtUp(kafka, 'emissions-processor', topics.readings),
      400_000,
    );

    const expected = expectedMonthlyTotals(sent);
    expect(totalsDiff(expected, await storedMonthlyTotals(ch))).toEqual([]);
    expect(totalsDiff(expected, await collapsedLineTotals(ch))).toEqual([]);
  });

  it('ClickHouse stopped for 30 s mid-run: the processor waits, resumes, totals exact', {
    timeout: 400_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ch-outage-'));
    const server: LocalClickHouse = await startLocalClickHouse({ dir });
    cleanups.push(async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    await ensureDatabase(server.url, 'outage');
    const ch: ClickHouse = createClickHouse({ url: server.url, database: 'outage' });
    await migrate(ch, migrationsDir);
    const { kafka, topics, prefix } = await freshTopics(3);
    const sent = testReadings({
      orgIds: testOrgIds(40, 'C'),
      from: '2025-03-01T00:00:00+08:00',
      hours: 1500,
      seed: 5,
    });
    const half = Math.floor(sent.length / 2);
    await produceReadings(kafka, topics, sent.slice(0, half));
    const processor = startService(
      'emissions-processor',
      processorEnv('outage', prefix, { CLICKHOUSE_URL: server.url }),
    );
    cleanups.push(() => processor.stop());
    await sleep(4_000);
    await server.stop();
    await produceReadings(kafka, topics, sent.slice(half));
    await sleep(30_000);
    expect(processor.child.exitCode).toBeNull(); // still running, waiting
    await server.start();
    await eventually(
      'the processor to catch up after the outage',
      () => caughtUp(kafka, 'emissions-processor', topics.readings),
      300_000,
    );
    const expected = expectedMonthlyTotals(sent);
    expect(totalsDiff(expected, await storedMonthlyTotals(ch))).toEqual([]);
    expect(totalsDiff(expected, await collapsedLineTotals(ch))).toEqual([]);
    await ch.close();
  });
});
