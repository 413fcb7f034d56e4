import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withUsccCheckCharacter } from '@carbon-account/accounting';
import { freePort, startLocalKafka, type Tethered } from '@carbon-account/infra';
import { createKafka, ensureTopics, type TopicNames, topicNames } from '@carbon-account/kafka';
import type { EnergyReadingV1Input, IngestResponseV1 } from '@carbon-account/schemas';
import iconv from 'iconv-lite';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  freshTopics,
  serviceEnv,
  startService,
  testLogger,
  testOrgIds,
  testReadings,
} from '../src/index.js';

interface Received {
  key: string | null;
  value: unknown;
}

/** Everything on a topic now, read from the beginning by a group of its own. */
async function readTopic(kafka: Kafka, topic: string): Promise<Received[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((s, p) => s + Number(p.high) - Number(p.low), 0);
  if (total === 0) return [];
  const consumer = kafka.consumer({ groupId: `read-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const out: Received[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        out.push({
          key: message.key?.toString() ?? null,
          value: JSON.parse(message.value?.toString('utf8') ?? 'null'),
        });
        if (out.length >= total) resolve();
      },
    });
  });
  await consumer.disconnect();
  return out;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface Api {
  url: string;
  service: Tethered;
}

async function startIngestApi(
  brokers: string[] | undefined,
  prefix: string,
  keysFile: string,
  extra: Record<string, string> = {},
): Promise<Api> {
  const port = await freePort();
  const env = serviceEnv({
    KAFKA_TOPIC_PREFIX: prefix,
    PORT: String(port),
    INGEST_API_KEYS_FILE: keysFile,
    ...(brokers && { KAFKA_BROKERS: brokers.join(',') }),
    ...extra,
  });
  const service = startService('ingest-api', env);
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    'the ingest API to be ready',
    async () => (await fetch(`${url}/readyz`)).ok,
    60_000,
  );
  return { url, service };
}

const post = async (
  api: Api,
  path: string,
  key: string | undefined,
  contentType: string,
  body: string | Buffer,
) => {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...(key !== undefined && { authorization: `Bearer ${key}` }),
    },
    body,
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as IngestResponseV1 & { error?: string; message?: string },
  };
};

/** The status a request head alone gets (the body is never sent). */
function statusOfHead(api: Api, path: string, key: string, contentLength: number): Promise<number> {
  const { hostname, port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status) {
        socket.destroy();
        resolve(Number(status));
      }
    });
    socket.on('error', reject);
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`,
    );
  });
}

const CSV_FIELDS = [
  'readingId',
  'orgId',
  'meterId',
  'source',
  'type',
  'quantity',
  'unit',
  'periodStart',
  'periodEnd',
  'greenElectricityKWh',
] as const;
const toCsv = (readings: EnergyReadingV1Input[], eol = '\r\n') =>
  [
    CSV_FIELDS.join(','),
    ...readings.map((r) => CSV_FIELDS.map((f) => String(r[f] ?? '')).join(',')),
  ].join(eol) + eol;

/** testReadings labels gas as platform-metered; an enterprise key submits its own readings only. */
const enterpriseReadings = (opts: Parameters<typeof testReadings>[0]) =>
  testReadings(opts).map((r) => ({ ...r, source: 'enterprise' as const }));
const asOnTopic = (r: EnergyReadingV1Input) => ({ greenElectricityKWh: 0, ...r });
const byId = (messages: Received[]) =>
  new Map(
    messages.map((m) => [
      `${(m.value as { orgId: string }).orgId}|${(m.value as { readingId: string }).readingId}`,
      m,
    ]),
  );

describe('ingest API on a real broker', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ingest-api-'));
  const keysFile = join(dir, 'keys.json');
  const [orgA, orgB] = testOrgIds(2, 'G') as [string, string];
  const foreignOrg = withUsccCheckCharacter('91110000MA0000001');
  const enterpriseKey = `ent-${randomUUID()}`;
  const platformKey = `plat-${randomUUID()}`;
  let kafka: Kafka;
  let topics: TopicNames;
  let api: Api;

  beforeAll(async () => {
    writeFileSync(
      keysFile,
      JSON.stringify({
        keys: [
          { id: 'enterprise-a', kind: 'enterprise', sha256: sha256(enterpriseKey), orgs: [orgA] },
          {
            id: 'platform',
            kind: 'platform',
            sha256: sha256(platformKey),
            regionPrefixes: ['500237'],
          },
        ],
      }),
    );
    const fresh = await freshTopics(3);
    kafka = fresh.kafka;
    topics = fresh.topics;
    api = await startIngestApi(undefined, fresh.prefix, keysFile, {
      MAX_BODY_BYTES: String(4 * 1024 * 1024),
    });
    cleanups.push(() => api.service.stop());
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  });

  it('readings posted as JSON, NDJSON, UTF-8 CSV and GBK CSV arrive exactly as sent, keyed by orgId', async () => {
    const all = enterpriseReadings({
      orgIds: [orgA],
      from: '2025-03-01T00:00:00+08:00',
      hours: 400,
      seed: 3,
    });
    const platform = testReadings({
      orgIds: [orgB],
      from: '2025-03-01T00:00:00+08:00',
      hours: 200,
      seed: 4,
    }).map((r) => ({ ...r, source: 'platform' as const, meterId: `电表-${r.meterId}` }));
    const json = all.slice(0, 150);
    const ndjson = all.slice(150, 300);
    const utf8Csv = all.slice(300).map((r) => ({ ...r, meterId: `一号电表-${r.meterId}` }));
    const gbkCsv = platform.slice(0, 100);
    const gbkCsvDeclared = platform.slice(100);

    const answers = [
      await post(api, '/v1/readings', enterpriseKey, 'application/json', JSON.stringify(json)),
      await post(
        api,
        '/v1/readings',
        enterpriseKey,
        'application/x-ndjson',
        ndjson.map((r) => JSON.stringify(r)).join('\n'),
      ),
      await post(api, '/v1/readings/csv', enterpriseKey, 'text/csv', `\ufeff${toCsv(utf8Csv)}`),
      await post(
        api,
        '/v1/readings/csv',
        platformKey,
        'text/csv',
        iconv.encode(toCsv(gbkCsv), 'gbk'),
      ),
      await post(
        api,
        '/v1/readings/csv',
        platformKey,
        'text/csv; charset=GBK',
        iconv.encode(toCsv(gbkCsvDeclared, '\n'), 'gbk'),
      ),
    ];
    const sent = [json, ndjson, utf8Csv, gbkCsv, gbkCsvDeclared];
    answers.forEach((a, i) => {
      expect(a.status, JSON.stringify(a.body).slice(0, 500)).toBe(202);
      expect(a.body.accepted).toBe(sent[i]?.length);
      expect(a.body.rejected).toBe(0);
      expect(a.body.items.map((item) => item.readingId)).toEqual(sent[i]?.map((r) => r.readingId));
      expect(a.headers.get('x-request-id')).toBe(a.body.requestId);
    });

    const onTopic = byId(await readTopic(kafka, topics.readings));
    const expected = sent.flat();
    expect(onTopic.size).toBe(expected.length);
    for (const r of expected) {
      const m = onTopic.get(`${r.orgId}|${r.readingId}`);
      expect(m?.key).toBe(r.orgId);
      expect(m?.value).toEqual(asOnTopic(r));
    }
  });

  it('answers bad items with the item, the field and the reason, and publishes them as rejected', async () => {
    const [good, ...rest] = enterpriseReadings({
      orgIds: [orgA],
      from: '2025-06-01T00:00:00+08:00',
      hours: 3,
      seed: 9,
    }) as [EnergyReadingV1Input, ...EnergyReadingV1Input[]];
    const badQuantity = { ...rest[0], quantity: -5 };
    const badPeriod = { ...rest[1], periodEnd: rest[1]?.periodStart };
    const a = await post(
      api,
      '/v1/readings',
      enterpriseKey,
      'application/json',
      JSON.stringify([good, badQuantity, badPeriod]),
    );
    expect(a.status).toBe(202);
    expect(a.body).toMatchObject({ received: 3, accepted: 1, rejected: 2 });
    expect(a.body.items[1]).toEqual({
      index: 1,
      status: 'rejected',
      readingId: badQuantity.readingId,
      orgId: orgA,
      errors: [{ path: 'quantity', message: 'expected a number ≥ 0, got -5' }],
    });
    expect(a.body.items[2]?.errors).toEqual([
      { path: 'periodEnd', message: `must be after periodStart; got "${badPeriod.periodEnd}"` },
    ]);

    const csv = `readingId,orgId,meterId,source,type,quantity,unit,periodStart,periodEnd\nr-1,${orgA},m1,enterprise,electricity,"1,250",kWh,2025/6/1 0:00,2025-06-01T01:00:00+08:00\n`;
    const c = await post(api, '/v1/readings/csv', enterpriseKey, 'text/csv', csv);
    expect(c.status).toBe(400);
    expect(c.body.items[0]).toMatchObject({ index: 0, line: 2, status: 'rejected' });
    expect(c.body.items[0]?.errors).toEqual([
      { path: 'quantity', message: 'expected number, got "1,250"' },
      {
        path: 'periodStart',
        message:
          'an ISO 8601 date-time with offset, e.g. 2025-03-01T00:00:00+08:00; got "2025/6/1 0:00"',
      },
    ]);

    const rejected = (await readTopic(kafka, topics.rejected)).map(
      (m) => m.value as Record<string, unknown>,
    );
    const fromA = rejected.filter(
      (r) => (r.source as { requestId: string }).requestId === a.body.requestId,
    );
    expect(fromA.map((r) => [r.source, r.readingId, r.errors])).toEqual([
      [
        { kind: 'ingest-api', requestId: a.body.requestId, index: 1 },
        badQuantity.readingId,
        a.body.items[1]?.errors,
      ],
      [
        { kind: 'ingest-api', requestId: a.body.requestId, index: 2 },
        badPeriod.readingId,
        a.body.items[2]?.errors,
      ],
    ]);
    const fromC = rejected.find(
      (r) => (r.source as { requestId: string }).requestId === c.body.requestId,
    );
    expect(fromC?.source).toEqual({
      kind: 'ingest-api',
      requestId: c.body.requestId,
      index: 0,
      line: 2,
    });
    expect(fromC?.raw).toBe(
      `r-1,${orgA},m1,enterprise,electricity,"1,250",kWh,2025/6/1 0:00,2025-06-01T01:00:00+08:00`,
    );
  });

  it('takes output reports onto org.outputs.v1', async () => {
    const report = {
      orgId: orgA,
      month: '2025-03',
      outputValueCNY: 12_500_000,
      valueAddedCNY: 3_100_000,
      reportId: '2025-03-v1',
    };
    const a = await post(
      api,
      '/v1/outputs',
      enterpriseKey,
      'application/json',
      JSON.stringify([report]),
    );
    expect(a.status).toBe(202);
    expect(a.body.items).toEqual([{ index: 0, status: 'accepted', reportId: '2025-03-v1' }]);
    const outputs = await readTopic(kafka, topics.outputs);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]?.key).toBe(orgA);
    expect(outputs[0]?.value).toMatchObject(report);
  });

  it('refuses with 401, 403, 413 and 415, and writes nothing of a refused request', async () => {
    const readings = enterpriseReadings({
      orgIds: [orgA],
      from: '2025-09-01T00:00:00+08:00',
      hours: 2,
      seed: 1,
    });
    const body = JSON.stringify(readings);
    expect((await post(api, '/v1/readings', undefined, 'application/json', body)).status).toBe(401);
    const unknown = await post(api, '/v1/readings', 'not-a-key', 'application/json', body);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('unauthorized');

    const foreign = enterpriseReadings({
      orgIds: [foreignOrg],
      from: '2025-09-01T00:00:00+08:00',
      hours: 1,
      seed: 1,
    });
    const forbidden = await post(
      api,
      '/v1/readings',
      enterpriseKey,
      'application/json',
      JSON.stringify([...readings, ...foreign]),
    );
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.items?.map((i) => [i.index, i.orgId])).toEqual(
      foreign.map((_, i) => [readings.length + i, foreignOrg]),
    );
    // a platform key reaches orgs registered under its region prefix only
    const platformForeign = await post(
      api,
      '/v1/readings',
      platformKey,
      'application/json',
      JSON.stringify(foreign.map((r) => ({ ...r, source: 'platform' }))),
    );
    expect(platformForeign.status).toBe(403);

    const tooMany = await post(
      api,
      '/v1/readings',
      enterpriseKey,
      'application/x-ndjson',
      `${JSON.stringify(readings[0])}\n`.repeat(10_001),
    );
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.message).toMatch(/10001 items .* at most 10000/);
    // The announced length is refused before any of the body is read (the server then closes
    // the connection, so this client sends only the head and reads the answer).
    expect(await statusOfHead(api, '/v1/readings', enterpriseKey, 5 * 1024 * 1024)).toBe(413);
    const empty = await post(api, '/v1/readings', enterpriseKey, 'application/json', '[]');
    expect([empty.status, empty.body.error]).toEqual([400, 'no_items']);
    const notJson = await post(
      api,
      '/v1/readings',
      enterpriseKey,
      'application/json',
      '[{"readingId": ',
    );
    expect([notJson.status, notJson.body.error]).toEqual([400, 'invalid_json']);
    const wrongType = await post(api, '/v1/readings', enterpriseKey, 'text/plain', body);
    expect(wrongType.status).toBe(415);
    const csvAsJson = await post(api, '/v1/readings', enterpriseKey, 'text/csv', 'readingId\nx\n');
    expect(csvAsJson.status).toBe(415);
    expect(csvAsJson.body.message).toMatch(/CSV goes to POST \/v1\/readings\/csv/);
    const noBody = await fetch(`${api.url}/v1/readings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${enterpriseKey}` },
    });
    expect([noBody.status, ((await noBody.json()) as { error: string }).error]).toEqual([
      415,
      'unsupported_media_type',
    ]);

    const onTopic = byId(await readTopic(kafka, topics.readings));
    for (const r of [...readings, ...foreign])
      expect(onTopic.has(`${r.orgId}|${r.readingId}`)).toBe(false);
  });

  it('with the broker stopped: 503 with Retry-After, and nothing of that request reaches the topic later', {
    timeout: 300_000,
  }, async () => {
    const kafkaDir = join(dir, 'private-kafka');
    const broker = await startLocalKafka({ dir: kafkaDir, heapMb: 384 });
    cleanups.push(() => broker.stop());
    const privateKafka = createKafka({
      brokers: broker.brokers,
      clientId: 'test-private',
      logger: testLogger,
    });
    const privateTopics = topicNames('outage.');
    await ensureTopics(privateKafka, privateTopics, { partitions: 3, replicationFactor: 1 });
    const outageApi = await startIngestApi(broker.brokers, 'outage.', keysFile, {
      KAFKA_WRITE_TIMEOUT_MS: '3000',
      RETRY_AFTER_SECONDS: '7',
    });
    cleanups.push(() => outageApi.service.stop());

    const batch = (from: string, seed: number) =>
      enterpriseReadings({ orgIds: [orgA], from, hours: 300, seed });
    const before = batch('2025-01-01T00:00:00+08:00', 1);
    const during = batch('2025-02-01T00:00:00+08:00', 2);
    const after = batch('2025-03-01T00:00:00+08:00', 3);
    expect(
      (
        await post(
          outageApi,
          '/v1/readings',
          enterpriseKey,
          'application/json',
          JSON.stringify(before),
        )
      ).status,
    ).toBe(202);

    await broker.stop();
    const refused = await post(
      outageApi,
      '/v1/readings',
      enterpriseKey,
      'application/json',
      JSON.stringify(during),
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.body.error).toBe('kafka_unavailable');
    expect(refused.body.message).toMatch(/Nothing of this request was accepted/);
    expect((await fetch(`${outageApi.url}/readyz`)).status).toBe(503);

    await broker.start();
    // the client sends its next request until it is taken (a resend is safe: readingIds)
    await eventually(
      'the API to take writes again after the broker came back',
      async () =>
        (
          await post(
            outageApi,
            '/v1/readings',
            enterpriseKey,
            'application/json',
            JSON.stringify(after),
          )
        ).status === 202,
      120_000,
    );
    const onTopic = byId(await readTopic(privateKafka, privateTopics.readings));
    for (const r of [...before, ...after])
      expect(onTopic.get(`${r.orgId}|${r.readingId}`)?.value).toEqual(asOnTopic(r));
    for (const r of during)
      expect(onTopic.has(`${r.orgId}|${r.readingId}`), r.readingId).toBe(false);
  });
});
