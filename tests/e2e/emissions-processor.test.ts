import { type ClickHouse, rawSql } from '@carbon-account/clickhouse';
import type { Tethered } from '@carbon-account/infra';
import type { TopicNames } from '@carbon-account/kafka';
import type { EnergyReadingV1Input } from '@carbon-account/schemas';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  freshDatabase,
  freshTopics,
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

describe('emissions processor through real Kafka and ClickHouse', () => {
  let ch: ClickHouse;
  let kafka: Kafka;
  let topics: TopicNames;
  let processor: Tethered;
  let sent: EnergyReadingV1Input[] = [];
  const groupId = 'emissions-processor';

  beforeAll(async () => {
    ch = await freshDatabase();
    ({ kafka, topics } = await freshTopics(3));
    processor = startService(
      'emissions-processor',
      serviceEnv({
        CLICKHOUSE_DATABASE: ch.database,
        KAFKA_TOPIC_PREFIX: topics.readings.replace('energy.readings.v1', ''),
        PORT: '0',
      }),
    );
  });
  afterAll(async () => {
    await processor?.stop();
    await ch?.close();
  });

  it('20 orgs over 3 months: per-org monthly totals equal an independent recomputation', {
    timeout: 300_000,
  }, async () => {
    sent = testReadings({
      orgIds: testOrgIds(20),
      from: '2025-01-01T00:00:00+08:00',
      hours: 90 * 24,
      seed: 7,
    });
    await produceReadings(kafka, topics, sent);
    await eventually(
      'the processor to catch up',
      () => caughtUp(kafka, groupId, topics.readings),
      240_000,
    );
    const expected = expectedMonthlyTotals(sent);
    expect(expected.size).toBe(20 * 3);
    expect(totalsDiff(expected, await storedMonthlyTotals(ch))).toEqual([]);
    expect(totalsDiff(expected, await collapsedLineTotals(ch))).toEqual([]);
  });

  it('every reading delivered twice, a correction and poison messages: totals exact, poison rejected with reasons', {
    timeout: 300_000,
  }, async () => {
    const original = sent[5] as EnergyReadingV1Input;
    const corrected = { ...original, quantity: original.quantity + 1000 };
    const poison = [
      { raw: 'not json at all', key: 'x' },
      {
        raw: JSON.stringify({ ...original, readingId: 'bad-unit', unit: 'kg' }),
        key: original.orgId,
      },
      {
        raw: JSON.stringify({ ...original, readingId: 'negative', quantity: -5 }),
        key: original.orgId,
      },
      {
        raw: JSON.stringify({ ...original, readingId: 'absurd', quantity: 1e15 }),
        key: original.orgId,
      },
      {
        raw: JSON.stringify({ ...original, readingId: 'bad-org', orgId: '91500237MA5U7T2K10' }),
        key: '91500237MA5U7T2K10',
      },
    ];
    await produceReadings(kafka, topics, [...sent, ...poison, corrected]);
    await eventually(
      'the processor to catch up',
      () => caughtUp(kafka, groupId, topics.readings),
      240_000,
    );

    const expected = expectedMonthlyTotals([...sent, corrected]);
    expect(totalsDiff(expected, await storedMonthlyTotals(ch))).toEqual([]);
    expect(totalsDiff(expected, await collapsedLineTotals(ch))).toEqual([]);

    const corrections = await ch.query<{ reading_id: string }>(
      rawSql('SELECT reading_id FROM reading_corrections'),
    );
    expect(corrections.map((c) => c.reading_id)).toEqual([original.readingId]);

    const rejected = await ch.query<{ reading_id: string; reason: string; errors: string }>(
      rawSql(
        'SELECT reading_id, reason, errors FROM rejected_readings FINAL ORDER BY kafka_offset',
      ),
    );
    const byId = new Map(rejected.map((r) => [r.reading_id, r]));
    expect(rejected.length).toBe(poison.length);
    expect(rejected.find((r) => r.reason === 'not JSON')).toBeDefined();
    expect(byId.get('bad-unit')?.errors).toMatch(/kg.*does not fit type electricity/);
    expect(byId.get('negative')?.errors).toMatch(/quantity/);
    expect(byId.get('absurd')?.reason).toBe('implausible value');
    expect(byId.get('bad-org')?.errors).toMatch(/orgId.*check character/);
  });
});
