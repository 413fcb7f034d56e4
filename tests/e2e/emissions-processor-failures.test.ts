import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClickHouse,
  createClickHouse,
  ensureDatabase,
  migrate,
  rawSql,
} from '@carbon-account/clickhouse';
import {
  freePort,
  type LocalClickHouse,
  startLocalClickHouse,
  type Tethered,
} from '@carbon-account/infra';
import { afterAll, describe, expect, inject, it } from 'vitest';
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
const groupOf = (prefix: string) => `${prefix}emissions-processor`;

/** Distinct readings with an emission line: what the processor has stored so far. */
async function storedReadings(ch: ClickHouse): Promise<number> {
  const [row] = await ch.query<{ n: string }>(
    rawSql('SELECT uniqExact(org_id, reading_id) AS n FROM emission_lines'),
  );
  return Number(row?.n ?? 0);
}

/** Sum of a metric's samples in the processor's /metrics (0 when absent). */
async function metricSum(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
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

    // Each kill lands while the processor is storing: once it has stored more than before,
    // after a random 0–400 ms more, so inserts, publishes and commits are cut at any point.
    const random = seeded(42);
    const storedAtKill: number[] = [];
    let processor: Tethered | undefined;
    for (let kill = 0; kill < 5; kill++) {
      const before = await storedReadings(ch);
      processor = startService('emissions-processor', processorEnv(ch.database, prefix));
      await eventually(
        'the processor to store more',
        async () => (await storedReadings(ch)) > before,
        120_000,
      );
      await sleep(random() * 400);
      await killService(processor);
      storedAtKill.push(await storedReadings(ch));
    }
    // The kills landed mid-run: progress between them, and not everything stored before the last restart.
    expect(storedAtKill[0]).toBeGreaterThan(0);
    expect(storedAtKill[4]).toBeGreaterThan(storedAtKill[0] as number);
    expect(storedAtKill[4]).toBeLessThan(sent.length);
    processor = startService('emissions-processor', processorEnv(ch.database, prefix));
    cleanups.push(() => processor?.stop());
    await eventually(
      'the processor to finish',
      () => caughtUp(kafka, groupOf(prefix), topics.readings),
      400_000,
    );
    const expected = expectedMonthlyTotals(sent);
    expect(totalsDiff(expected, await storedMonthlyTotals(ch))).toEqual([]);
    expect(totalsDiff(expected, await collapsedLineTotals(ch))).toEqual([]);
  });

  it('a second instance joins mid-run and the first then leaves, with batches stored behind both times: totals exact', {
    timeout: 400_000,
  }, async () => {
    const ch = await freshDatabase();
    cleanups.push(() => ch.close());
    const { kafka, topics, prefix } = await freshTopics(6);
    const sent = testReadings({
      orgIds: testOrgIds(60, 'R'),
      from: '2025-01-01T00:00:00+08:00',
      hours: 1500,
      seed: 17,
    });
    // Half now; the other half just before the first instance leaves, so that it leaves
    // with work of its own under way however fast the first half went.
    const half = Math.floor(sent.length / 2);
    await produceReadings(kafka, topics, sent.slice(0, half));
    // Small batches, two stored behind: each rebalance finds batches between fetch and commit.
    const ports = [await freePort(), await freePort()] as const;
    const env = (port: number) =>
      processorEnv(ch.database, prefix, {
        PORT: String(port),
        MAX_BATCH_BYTES: '262144',
        BATCHES_STORED_BEHIND: '2',
      });
    const first = startService('emissions-processor', env(ports[0]));
    cleanups.push(() => first.stop());
    await eventually(
      'the first instance to store',
      async () => (await storedReadings(ch)) > 0,
      120_000,
    );
    const second = startService('emissions-processor', env(ports[1]));
    cleanups.push(() => second.stop());
    // Both store: the rebalance gave the second instance partitions of the first.
    await eventually(
      'the second instance to store',
      async () => (await metricSum(ports[1], 'readings_stored_total')) > 0,
      120_000,
    );
    expect(await metricSum(ports[0], 'readings_stored_total')).toBeGreaterThan(0);
    await produceReadings(kafka, topics, sent.slice(half));
    const beforeLeave = await storedReadings(ch);
    await eventually(
      'the second half to be under way',
      async () => (await storedReadings(ch)) > beforeLeave,
      60_000,
    );
    await first.stop();
    await eventually(
      'the second instance to finish',
      () => caughtUp(kafka, groupOf(prefix), topics.readings),
      300_000,
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
    // Logged like every other statement, so the chdb replay has the tables the processor uses.
    const ch: ClickHouse = createClickHouse({
      url: server.url,
      database: 'outage',
      sqlLogFile: inject('sqlLogFile'),
    });
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
    const port = await freePort();
    const processor = startService(
      'emissions-processor',
      processorEnv('outage', prefix, {
        CLICKHOUSE_URL: server.url,
        PORT: String(port),
        LAG_INTERVAL_MS: '1000',
      }),
    );
    cleanups.push(() => processor.stop());
    await eventually(
      'the processor to store the first half',
      async () => (await storedReadings(ch)) > 0,
      120_000,
    );
    await server.stop();
    const stoppedAt = Date.now();
    await produceReadings(kafka, topics, sent.slice(half));
    // While ClickHouse is down the lag in /metrics grows to the unstored readings, and batches are retried.
    await eventually(
      'the lag gauge to show the waiting readings',
      async () => (await metricSum(port, 'consumer_lag_messages')) >= sent.length - half,
      30_000,
    );
    await sleep(Math.max(0, 30_000 - (Date.now() - stoppedAt)));
    expect(processor.child.exitCode).toBeNull(); // still running, waiting
    expect(await metricSum(port, 'batch_retries_total')).toBeGreaterThan(0);
    await server.start();
    await eventually(
      'the processor to catch up after the outage',
      () => caughtUp(kafka, groupOf(prefix), topics.readings),
      300_000,
    );
    await eventually(
      'the lag gauge to come back to 0',
      async () => (await metricSum(port, 'consumer_lag_messages')) === 0,
      30_000,
    );
    const expected = expectedMonthlyTotals(sent);
    expect(totalsDiff(expected, await storedMonthlyTotals(ch))).toEqual([]);
    expect(totalsDiff(expected, await collapsedLineTotals(ch))).toEqual([]);
    await ch.close();
  });
});
