import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLocalKafka, type Tethered } from '@carbon-account/infra';
import { createKafka, ensureTopics, topicNames } from '@carbon-account/kafka';
import { type EnergyReadingV1, energyReadingV1, rejectedReadingV1 } from '@carbon-account/schemas';
import iconv from 'iconv-lite';
import type { Kafka } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  eventually,
  freshTopics,
  killService,
  serviceEnv,
  startService,
  testLogger,
  testOrgIds,
} from '../src/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Everything committed on a topic, as a read_committed consumer (kafkajs' default) sees it. */
async function watchTopic(kafka: Kafka, topic: string) {
  const seen: Seen[] = [];
  const consumer = kafka.consumer({ groupId: `check-${randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({
        key: message.key?.toString() ?? '',
        value: message.value?.toString() ?? '',
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        ),
      });
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}

/**
 * Waits until `total` messages are on the two topics, then a little longer, so a message
 * published twice would be there too when the test counts.
 */
async function allReadBack(
  readings: { seen: readonly Seen[] },
  rejected: { seen: readonly Seen[] },
  total: number,
  timeoutMs: number,
) {
  await eventually(
    'all lines to be read back',
    async () => readings.seen.length + rejected.seen.length >= total,
    timeoutMs,
  );
  await sleep(3_000);
}

/** Waits until the connector has finished each of `files` and moved it to done/. */
async function movedToDone(
  inbox: string,
  files: readonly string[],
  when: string,
  timeoutMs: number,
) {
  await eventually(
    `${files.join(' and ')} to be finished and moved to done/${when}`,
    async () => files.every((f) => existsSync(join(inbox, 'done', f))),
    timeoutMs,
  );
}

/** The readings read back from the topic: each expected readingId there, exactly once. */
function expectEveryReadingOnce(readings: readonly Seen[], expected: ReadonlySet<string>) {
  const ids = readings.map((m) => JSON.parse(m.value).readingId as string);
  expect(ids.length).toBe(expected.size);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.every((id) => expected.has(id))).toBe(true);
}

/** The export lines the rejections read back from the topic name (-1 when none). */
function rejectedLinesOf(rejected: readonly Seen[]): (number | undefined)[] {
  return rejected.map((m) => {
    const source = rejectedReadingV1.parse(JSON.parse(m.value)).source;
    return 'line' in source ? source.line : -1;
  });
}

function connectorEnv(
  prefix: string,
  inbox: string,
  mapping: string,
  extra: Record<string, string> = {},
) {
  return serviceEnv({
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_PARTITIONS: '3',
    INBOX_DIR: inbox,
    MAPPING_FILE: mapping,
    INBOX_SETTLE_MS: '0',
    POLL_INTERVAL_MS: '500',
    PORT: '0',
    ...extra,
  });
}

const day = (d: number) => {
  const t = new Date(Date.UTC(2025, 0, 1) + d * 86_400_000);
  return `${t.toISOString().slice(0, 10)} 00:00:00`;
};
const iso = (text: string) => `${text.replace(' ', 'T')}+08:00`;

/**
 * 3 accounts × `hours` hourly readings as one CSV export, every 997th line malformed,
 * starting `fromHour` hours after 2025-01-01 00:00 Beijing.
 */
function bigExport(hours: number, fromHour = 0) {
  const lines = ['户号,表计编号,能源类型,抄表起始时间,抄表截止时间,用量,计量单位'];
  const accounts = ['5002370000001', '5002370000002', 'GAS-0001'];
  const expectedReadings = new Set<string>();
  const expectedRejections = new Set<number>();
  const start = Date.UTC(2024, 11, 31, 16); // 2025-01-01 00:00 Beijing
  const beijing = (ms: number) =>
    new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  for (let h = fromHour; h < fromHour + hours; h++) {
    for (const account of accounts) {
      const line = lines.length + 1;
      const from = beijing(start + h * 3600_000);
      const to = beijing(start + (h + 1) * 3600_000);
      const gas = account.startsWith('GAS');
      if (line % 997 === 0) {
        lines.push(`${account},M1,${gas ? '天然气' : '电'},${from},${to},-1,${gas ? 'm3' : 'kWh'}`);
        expectedRejections.add(line);
      } else {
        lines.push(
          `${account},M1,${gas ? '天然气' : '电'},${from},${to},${(h % 500) + 0.25},${gas ? 'm3' : 'kWh'}`,
        );
        expectedReadings.add(`p:${account}:M1:${iso(from)}`);
      }
    }
  }
  return {
    csv: `${lines.join('\n')}\n`,
    total: lines.length - 1,
    expectedReadings,
    expectedRejections,
  };
}

describe('platform connector on the real broker', () => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const orgs = testOrgIds(3, 'P');
  const workDir = mkdtempSync(join(tmpdir(), 'platform-connector-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  const mapping = join(workDir, 'mapping.json');
  writeFileSync(
    mapping,
    JSON.stringify({
      accounts: [
        { accountNo: '5002370000001', orgId: orgs[0], meterId: 'grid-main' },
        { accountNo: '5002370000002', orgId: orgs[1], meterId: 'grid-main' },
        { accountNo: 'GAS-0001', orgId: orgs[2], meterId: 'gas-boiler' },
      ],
    }),
  );

  it('files from the inbox and from the polled platform listing arrive as readings; malformed lines are rejected with file and line', {
    timeout: 180_000,
  }, async () => {
    const { kafka, topics, prefix } = await freshTopics(3);
    const inbox = join(workDir, 'inbox-a');
    mkdirSync(inbox);
    // A GBK CSV dropped into the inbox: 2 accounts × 5 days, 2 bad lines.
    const header = '户号,户名,表计编号,抄表起始时间,抄表截止时间,电量(kWh),绿电电量(kWh)';
    const csvLines = [header];
    const expected = new Map<string, Partial<EnergyReadingV1>>();
    for (const [i, account] of ['5002370000001', '5002370000002'].entries()) {
      for (let d = 0; d < 5; d++) {
        const kwh = 1000 + i * 100 + d;
        csvLines.push(
          `${account},巫山县测试企业${i},M-${i},${day(d)},${day(d + 1)},"${kwh.toLocaleString('en-US')}",${d === 2 ? 250 : ''}`,
        );
        expected.set(`p:${account}:M-${i}:${iso(day(d))}`, {
          orgId: orgs[i],
          meterId: 'grid-main',
          type: 'electricity',
          quantity: kwh,
          unit: 'kWh',
          periodEnd: iso(day(d + 1)),
          greenElectricityKWh: d === 2 ? 250 : 0,
        });
      }
    }
    csvLines.splice(3, 0, '5002379999999,未登记,M-9,2025-01-01 00:00:00,2025-01-02 00:00:00,5,'); // line 4
    csvLines.push('5002370000001,巫山县测试企业0,M-0,2025-01-09 00:00:00,2025-01-08 00:00:00,5,'); // line 13
    writeFileSync(
      join(inbox, 'elec-20250106.csv'),
      iconv.encode(`${csvLines.join('\r\n')}\r\n`, 'gbk'),
    );

    // The platform's listing over HTTP, with a bearer token: one JSON-lines gas export.
    const gas = [0, 1, 2].map((d) =>
      JSON.stringify({
        hh: 'GAS-0001',
        bjbh: 'G-1',
        nylx: '天然气',
        qssj: day(d),
        jzsj: day(d + 1),
        yl: 500 + d,
        jldw: '立方米',
      }),
    );
    for (const d of [0, 1, 2]) {
      expected.set(`p:GAS-0001:G-1:${iso(day(d))}`, {
        orgId: orgs[2],
        meterId: 'gas-boiler',
        type: 'natural_gas',
        quantity: 500 + d,
        unit: 'm3',
      });
    }
    gas.splice(
      1,
      0,
      '{"hh":"GAS-0001","bjbh":"G-1","nylx":"天然气","qssj":"2025-01-01 00:00:00","jzsj":"2025-01-02 00:00:00","yl":"lots","jldw":"m3"}',
    ); // line 2
    const downloads: string[] = [];
    const unauthorised: string[] = [];
    const server: Server = createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer platform-secret') {
        unauthorised.push(req.url ?? '');
        res.writeHead(401).end();
        return;
      }
      if (req.url === '/api/exports') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            files: [{ name: 'gas-20250104.jsonl', url: '/api/exports/files/gas-20250104.jsonl' }],
          }),
        );
      } else if (req.url === '/api/exports/files/gas-20250104.jsonl') {
        downloads.push(req.url);
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.end(`${gas.join('\n')}\n`);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const readings = await watchTopic(kafka, topics.readings);
    const rejected = await watchTopic(kafka, topics.rejected);
    cleanups.push(readings.stop, rejected.stop);
    const connector = startService(
      'platform-connector',
      connectorEnv(prefix, inbox, mapping, {
        PLATFORM_LISTING_URL: `http://127.0.0.1:${port}/api/exports`,
        PLATFORM_TOKEN: 'platform-secret',
      }),
    );
    cleanups.push(() => connector.stop());

    await movedToDone(inbox, ['elec-20250106.csv', 'gas-20250104.jsonl'], '', 120_000);
    await eventually(
      'the readings to be read back',
      async () => readings.seen.length >= expected.size && rejected.seen.length >= 3,
      30_000,
    );
    await sleep(2_000); // polls go on: nothing more may arrive, the listed file is not fetched again

    expect(unauthorised).toEqual([]);
    expect(downloads).toHaveLength(1);
    expect(readings.seen).toHaveLength(expected.size);
    for (const m of readings.seen) {
      const reading = energyReadingV1.parse(JSON.parse(m.value));
      expect(m.key).toBe(reading.orgId);
      expect(reading.source).toBe('platform');
      expect(reading).toMatchObject(
        expected.get(reading.readingId) ?? { missing: reading.readingId },
      );
      expect(m.headers['platform-file']).toMatch(/^(elec-20250106\.csv|gas-20250104\.jsonl)$/);
    }
    expect(new Set(readings.seen.map((m) => JSON.parse(m.value).readingId)).size).toBe(
      expected.size,
    );

    const rejections = rejected.seen.map((m) => rejectedReadingV1.parse(JSON.parse(m.value)));
    const where = rejections
      .map((r) => ('file' in r.source ? `${r.source.file}:${r.source.line}` : '?'))
      .sort();
    expect(where).toEqual(['elec-20250106.csv:13', 'elec-20250106.csv:4', 'gas-20250104.jsonl:2']);
    const byLine = new Map(
      rejections.map((r) => [
        `${'file' in r.source ? r.source.file : ''}:${'line' in r.source ? r.source.line : 0}`,
        r,
      ]),
    );
    expect(byLine.get('elec-20250106.csv:4')?.errors[0]).toMatchObject({
      path: '户号',
      message: expect.stringMatching(/not in the mapping file/),
    });
    expect(byLine.get('elec-20250106.csv:4')?.raw).toContain('未登记');
    expect(byLine.get('elec-20250106.csv:13')?.errors[0]).toMatchObject({
      path: '抄表截止时间',
      message: 'must be after periodStart',
    });
    expect(byLine.get('elec-20250106.csv:13')?.orgId).toBe(orgs[0]);
    expect(byLine.get('gas-20250104.jsonl:2')?.errors[0]).toMatchObject({
      path: 'yl',
      message: 'expected a number, got "lots"',
    });
    await connector.stop();
  });

  it('SIGKILL in the middle of a large file, restart: the topic holds every line of the file exactly once', {
    timeout: 240_000,
  }, async () => {
    const { kafka, topics, prefix } = await freshTopics(3);
    const inbox = join(workDir, 'inbox-b');
    mkdirSync(inbox);
    const { csv, total, expectedReadings, expectedRejections } = bigExport(12_000);
    writeFileSync(join(inbox, 'big-20250101.csv'), csv);

    const readings = await watchTopic(kafka, topics.readings);
    const rejected = await watchTopic(kafka, topics.rejected);
    cleanups.push(readings.stop, rejected.stop);
    const env = connectorEnv(prefix, inbox, mapping, { BATCH_LINES: '200' });
    const first: Tethered = startService('platform-connector', env);
    cleanups.push(() => first.stop());
    await eventually(
      'the first committed batches',
      async () => readings.seen.length >= 2_000,
      120_000,
    );
    await killService(first);
    await sleep(3_000);
    const beforeRestart = readings.seen.length + rejected.seen.length;
    // The kill landed mid-file: part of it is on the topic, the file is still in the inbox.
    expect(beforeRestart).toBeGreaterThan(0);
    expect(beforeRestart).toBeLessThan(total);
    expect(existsSync(join(inbox, 'big-20250101.csv'))).toBe(true);

    const second = startService('platform-connector', env);
    cleanups.push(() => second.stop());
    await movedToDone(inbox, ['big-20250101.csv'], ' after the restart', 180_000);
    await allReadBack(readings, rejected, total, 60_000);

    expectEveryReadingOnce(readings.seen, expectedReadings);
    const rejectedLines = rejectedLinesOf(rejected.seen);
    expect(rejectedLines.length).toBe(expectedRejections.size);
    expect(new Set(rejectedLines)).toEqual(expectedRejections);
    await second.stop();
  });
  it('Kafka stopped in the middle of a file for 20 s: the connector waits, reconnects and resumes; every line exactly once', {
    timeout: 300_000,
  }, async () => {
    // A broker of its own, to stop and start again (never the shared one).
    const brokerDir = mkdtempSync(join(tmpdir(), 'connector-kafka-'));
    const broker = await startLocalKafka({ dir: brokerDir, heapMb: 384 });
    cleanups.push(async () => {
      await broker.stop();
      rmSync(brokerDir, { recursive: true, force: true });
    });
    const kafka = createKafka({ brokers: broker.brokers, clientId: 'test', logger: testLogger });
    const prefix = 'outage.';
    const topics = topicNames(prefix);
    await ensureTopics(kafka, topics, { partitions: 3, replicationFactor: 1 });
    const inbox = join(workDir, 'inbox-c');
    mkdirSync(inbox);
    const { csv, total, expectedReadings, expectedRejections } = bigExport(8_000);
    writeFileSync(join(inbox, 'big-20250201.csv'), csv);

    const port = await freePort();
    const metric = async (name: string) => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    };
    const connector = startService(
      'platform-connector',
      connectorEnv(prefix, inbox, mapping, {
        KAFKA_BROKERS: broker.brokers.join(','),
        BATCH_LINES: '200',
        PORT: String(port),
      }),
    );
    cleanups.push(() => connector.stop());
    await eventually(
      'the first committed batches',
      async () => (await metric('platform_transactions_total')) >= 3,
      120_000,
    );
    await broker.stop();
    await eventually(
      'the connector to notice',
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 503,
      120_000,
    );
    await sleep(20_000);
    expect(connector.child.exitCode).toBeNull(); // still running, waiting for Kafka
    expect(existsSync(join(inbox, 'big-20250201.csv'))).toBe(true); // mid-file
    await broker.start();
    await movedToDone(inbox, ['big-20250201.csv'], ' after the outage', 180_000);
    expect(await metric('platform_publish_failures_total')).toBeGreaterThan(0);

    const readings = await watchTopic(kafka, topics.readings);
    const rejected = await watchTopic(kafka, topics.rejected);
    cleanups.push(readings.stop, rejected.stop);
    await allReadBack(readings, rejected, total, 90_000);
    expectEveryReadingOnce(readings.seen, expectedReadings);
    const rejectedLines = rejectedLinesOf(rejected.seen);
    expect(new Set(rejectedLines)).toEqual(expectedRejections);
    expect(rejectedLines.length).toBe(expectedRejections.size);
    await connector.stop();
  });
  it('two instances with the same CONNECTOR_ID: the newer fences the other, which exits; every line is still published exactly once', {
    timeout: 240_000,
  }, async () => {
    const { kafka, topics, prefix } = await freshTopics(3);
    const inbox = join(workDir, 'inbox-d');
    mkdirSync(inbox);
    // 6,000 lines in 300 transactions of 20: enough that the first instance is still
    // publishing when the second starts, few enough to finish on a loaded CI machine.
    const big = bigExport(2_000);
    writeFileSync(join(inbox, 'big-20250301.csv'), big.csv);
    const readings = await watchTopic(kafka, topics.readings);
    const rejected = await watchTopic(kafka, topics.rejected);
    cleanups.push(readings.stop, rejected.stop);
    const env = (port: number) =>
      connectorEnv(prefix, inbox, mapping, { BATCH_LINES: '20', PORT: String(port) });
    const first = startService('platform-connector', env(await freePort()));
    cleanups.push(() => first.stop());
    await eventually(
      'the first committed batches',
      async () => readings.seen.length >= 200,
      120_000,
    );
    const secondPort = await freePort();
    const second = startService('platform-connector', env(secondPort));
    cleanups.push(() => second.stop());
    // The second serves HTTP only once its producer registered the transactional id,
    // which fences the first. A file dropped after that makes the first try a transaction
    // even if it had finished the big one in the meantime.
    await eventually(
      'the second instance to start',
      async () => (await fetch(`http://127.0.0.1:${secondPort}/healthz`)).ok,
      120_000,
    );
    const late = bigExport(100, 2_000);
    writeFileSync(join(inbox, '.late-20250302.csv'), late.csv);
    renameSync(join(inbox, '.late-20250302.csv'), join(inbox, 'late-20250302.csv'));

    // Fenced, an instance exits at its next transaction. Which one goes is Kafka's call:
    // the one that registered the id last stays, and an instance recovering from a Kafka
    // error registers it again. Exactly one must go, and the other must finish the work.
    const ended = (s: Tethered) => s.child.exitCode !== null || s.child.signalCode !== null;
    await eventually(
      'one of the two instances to exit',
      async () => ended(first) || ended(second),
      90_000,
    );
    const [gone, stayed] = ended(first) ? [first, second] : [second, first];
    expect(gone.child.exitCode).toBe(1);
    await movedToDone(
      inbox,
      ['big-20250301.csv', 'late-20250302.csv'],
      ' by the instance that stayed',
      120_000,
    );
    const total = big.total + late.total;
    await allReadBack(readings, rejected, total, 60_000);
    expectEveryReadingOnce(
      readings.seen,
      new Set([...big.expectedReadings, ...late.expectedReadings]),
    );
    expect(readings.seen.length + rejected.seen.length).toBe(total);
    expect(ended(stayed)).toBe(false);
    await stayed.stop();
  });
});
