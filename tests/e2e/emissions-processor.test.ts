import { type ClickHouse, rawSql } from '@carbon-account/clickhouse';
import type { Tethered } from '@carbon-account/infra';
import { createDurableProducer, type TopicNames } from '@carbon-account/kafka';
import type { EnergyReadingV1Input } from '@carbon-account/schemas';
import { countedReadings } from '@carbon-account/simulation';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  freshDatabase,
  freshTopics,
  serviceEnv,
  startService,
  testOrgIds,
} from '../src/index.js';
import {
  caughtUp,
  collapsedLineTotals,
  expectedMonthlyTotals,
  produceReadings,
  storedMonthlyTotals,
  totalsDiff,
} from '../src/pipeline-checks.js';

/** The first `count` messages of a topic (all partitions), as strings. */
async function readTopic(kafka: Kafka, topic: string, count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `${topic}.reader` });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString('utf8') ?? '');
      },
    });
    await eventually(`${count} messages on ${topic}`, async () => values.length >= count, 60_000);
  } finally {
    await consumer.disconnect();
  }
  return values;
}

describe('emissions processor through real Kafka and ClickHouse', () => {
  let ch: ClickHouse;
  let kafka: Kafka;
  let topics: TopicNames;
  let processor: Tethered;
  let sent: EnergyReadingV1Input[] = [];
  let groupId = '';

  beforeAll(async () => {
    ch = await freshDatabase();
    let prefix: string;
    ({ kafka, topics, prefix } = await freshTopics(3));
    groupId = `${prefix}emissions-processor`;
    processor = startService(
      'emissions-processor',
      serviceEnv({
        CLICKHOUSE_DATABASE: ch.database,
        KAFKA_TOPIC_PREFIX: prefix,
        PORT: '0',
      }),
    );
  });
  afterAll(async () => {
    await processor?.stop();
    await ch?.close();
  });

  it('readings from the simulator for 20 orgs over 3 months: per-org monthly totals equal an independent recomputation', {
    timeout: 300_000,
  }, async () => {
    // What the simulator service sends for these options (the same generator and seed),
    // less the readings it spoils on purpose: those are the refusals of the next test.
    sent = [
      ...countedReadings({
        orgCount: 20,
        seed: 7,
        from: '2025-01-01T00:00:00+08:00',
        to: '2025-04-01T00:00:00+08:00',
        electricityInterval: 'hour',
      }),
    ];
    await produceReadings(kafka, topics, sent);
    await eventually(
      'the processor to catch up',
      () => caughtUp(kafka, groupId, topics.readings),
      240_000,
    );
    const expected = expectedMonthlyTotals(sent);
    const orgs = new Set(sent.map((r) => r.orgId));
    expect(orgs.size).toBe(20);
    for (const orgId of orgs)
      for (const month of ['2025-01', '2025-02', '2025-03'])
        expect(expected.get(`${orgId}|${month}`)?.lines ?? 0).toBeGreaterThan(0);
    expect(totalsDiff(expected, await storedMonthlyTotals(ch))).toEqual([]);
    expect(totalsDiff(expected, await collapsedLineTotals(ch))).toEqual([]);
  });

  it('every reading delivered twice, a correction and poison messages: totals exact, poison rejected with reasons', {
    timeout: 300_000,
  }, async () => {
    const original = sent.find(
      (r) => r.type === 'electricity' && r.unit === 'kWh',
    ) as EnergyReadingV1Input;
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
        "SELECT reading_id, reason, errors FROM rejected_readings FINAL WHERE source = 'kafka' ORDER BY kafka_offset",
      ),
    );
    const byId = new Map(rejected.map((r) => [r.reading_id, r]));
    expect(rejected.length).toBe(poison.length);
    expect(rejected.find((r) => r.reason === 'not JSON')).toBeDefined();
    expect(byId.get('bad-unit')?.errors).toMatch(/kg.*does not fit type electricity/);
    expect(byId.get('negative')?.errors).toMatch(/quantity/);
    expect(byId.get('absurd')?.reason).toBe('implausible value');
    expect(byId.get('bad-org')?.errors).toMatch(/orgId.*check character/);

    // and on the rejected topic, with the position of the refused message
    const published = await readTopic(kafka, topics.rejected, poison.length);
    const ids = published.map((p) => (JSON.parse(p) as { readingId?: string }).readingId);
    expect(ids).toEqual(expect.arrayContaining(['bad-unit', 'negative', 'absurd', 'bad-org']));
    for (const p of published) {
      expect(JSON.parse(p)).toMatchObject({ source: { kind: 'kafka', topic: topics.readings } });
    }
  });
});

describe('refusals published by other services', () => {
  it("land in rejected_readings once each, beside the processor's own, which are not stored twice", {
    timeout: 180_000,
  }, async () => {
    const ch = await freshDatabase();
    const { kafka, topics, prefix } = await freshTopics(2);
    const processor = startService(
      'emissions-processor',
      serviceEnv({ CLICKHOUSE_DATABASE: ch.database, KAFKA_TOPIC_PREFIX: prefix, PORT: '0' }),
    );
    try {
      const orgId = testOrgIds(1, 'R')[0] as string;
      const refusal = (readingId: string, source: Record<string, unknown>) => ({
        reason: 'does not match energy.readings.v1',
        errors: [{ path: 'quantity', message: 'Too small: expected number to be >=0' }],
        orgId,
        readingId,
        source,
        raw: `${readingId},electricity,-1,kWh`,
        rejectedAt: '2025-05-02T10:00:00+08:00',
      });
      const published = [
        refusal('f-12', { kind: 'platform-file', file: 'grid-2025-05.csv', line: 12 }),
        refusal('api-3', { kind: 'ingest-api', requestId: 'req-9', index: 3 }),
      ];
      const producer = await createDurableProducer(kafka);
      await producer.send(
        published.map((p) => ({ topic: topics.rejected, key: orgId, value: JSON.stringify(p) })),
      );
      await producer.disconnect();
      // and one poison reading the processor refuses itself (and publishes on the same topic)
      await produceReadings(kafka, topics, [{ raw: '{"orgId": 5}', key: orgId }]);
      await eventually('both consumers to catch up', async () => {
        const readingsDone = await caughtUp(kafka, `${prefix}emissions-processor`, topics.readings);
        const refusalsDone = await caughtUp(
          kafka,
          `${prefix}emissions-processor-rejections`,
          topics.rejected,
        );
        return readingsDone && refusalsDone;
      });
      const rows = await ch.query<Record<string, string | number>>(
        rawSql(
          'SELECT source, source_file, source_line, reading_id, reason FROM rejected_readings FINAL ORDER BY source',
        ),
      );
      expect(rows).toEqual([
        {
          source: 'ingest-api',
          source_file: '',
          source_line: 0,
          reading_id: 'api-3',
          reason: published[1]?.reason,
        },
        {
          source: 'kafka',
          source_file: '',
          source_line: 0,
          reading_id: '',
          reason: 'does not match energy.readings.v1',
        },
        {
          source: 'platform-file',
          source_file: 'grid-2025-05.csv',
          source_line: 12,
          reading_id: 'f-12',
          reason: published[0]?.reason,
        },
      ]);
    } finally {
      await processor.stop();
      await ch.close();
    }
  });
});
