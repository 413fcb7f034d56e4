import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withUsccCheckCharacter } from '@carbon-account/accounting';
import { topicNames, unpackRecords } from '@carbon-account/kafka';
import { afterAll, describe, expect, it } from 'vitest';
import { apiKeysFrom, hashApiKey } from '../api-keys.js';
import { BodyError } from './body-error.js';
import { itemsFromJson } from './items.js';
import { judgeReadings } from './judge.js';
import { judgeRequest, type RequestToJudge } from './judge-request.js';
import { startJudgeThreads } from './judge-threads.js';

const own = withUsccCheckCharacter('91500237MA5U7T2K1');
const other = withUsccCheckCharacter('91500237MA00000A0');
const entries = {
  keys: [{ id: 'ent', kind: 'enterprise', sha256: hashApiKey('e'), orgs: [own, other] }],
};
const key = apiKeysFrom(entries).byId('ent') ?? expect.unreachable();
const topics = topicNames('t.');
const reading = (i: number, orgId: string, extra: object = {}) => ({
  readingId: `m1:2025-03-01T0${i}:00+08:00`,
  orgId,
  meterId: 'm1 "电表" \\ 1',
  source: 'enterprise',
  type: 'electricity',
  quantity: 10.5 + i,
  unit: 'kWh',
  periodStart: `2025-03-01T0${i}:00:00+08:00`,
  periodEnd: `2025-03-01T0${i + 1}:00:00+08:00`,
  ...extra,
});
const items = [reading(0, own), reading(1, other), reading(2, own, { quantity: -1 }), 7];
const request = (over: Partial<RequestToJudge> = {}): RequestToJudge => ({
  route: 'POST /v1/readings',
  contentType: 'application/json',
  body: Buffer.from(JSON.stringify(items)),
  keyId: 'ent',
  requestId: 'req-1',
  receivedAt: '2025-04-01T00:00:00.000Z',
  ...over,
});

describe('judgeRequest', () => {
  it('packs what judging gives: the same records, items and refusals', () => {
    const judged = judgeRequest(request(), key, topics);
    const direct = judgeReadings(itemsFromJson(Buffer.from(JSON.stringify(items))), {
      key,
      requestId: 'req-1',
      topics,
      now: () => '2025-04-01T00:00:00.000Z',
    });
    expect(judged).toMatchObject({ received: 4, accepted: 2, rejected: 2 });
    expect(JSON.parse(judged.itemsJson)).toEqual(JSON.parse(JSON.stringify(direct.items)));
    const records = unpackRecords(judged.records);
    expect(
      records.map(({ topic, key, value }) => ({ topic, key, value: value.toString('utf8') })),
    ).toEqual(direct.accepted);
    expect(judged.refusals).toEqual(direct.rejected);
    expect(judged.rejectReasons).toEqual(direct.rejectReasons);
  });

  it('refuses a body as a whole with the reason', () => {
    const refusal = (over: Partial<RequestToJudge>) => {
      try {
        judgeRequest(request(over), key, topics);
      } catch (err) {
        return err instanceof BodyError ? [err.statusCode, err.error] : err;
      }
      return 'accepted';
    };
    expect(refusal({ contentType: 'text/plain' })).toEqual([415, 'unsupported_media_type']);
    expect(refusal({ contentType: '', body: Buffer.alloc(0) })).toEqual([
      415,
      'unsupported_media_type',
    ]);
    expect(refusal({ route: 'POST /v1/readings/csv' })).toEqual([415, 'unsupported_media_type']);
    expect(refusal({ body: Buffer.from('[') })).toEqual([400, 'invalid_json']);
    expect(refusal({ body: Buffer.from('[]') })).toEqual([400, 'no_items']);
  });

  it('reads CSV, with its charset', () => {
    const csv = `readingId,orgId,meterId,source,type,quantity,unit,periodStart,periodEnd\nr1,${own},电表1,enterprise,electricity,5,kWh,2025-03-01T00:00:00+08:00,2025-03-01T01:00:00+08:00\n`;
    const judged = judgeRequest(
      request({
        route: 'POST /v1/readings/csv',
        contentType: 'text/csv; charset=utf-8',
        body: Buffer.from(csv),
      }),
      key,
      topics,
    );
    expect(judged.accepted).toBe(1);
    expect(JSON.parse(unpackRecords(judged.records)[0]?.value.toString() ?? '')).toMatchObject({
      meterId: '电表1',
      quantity: 5,
    });
  });
});

describe('judging threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'judge-threads-'));
  const keysFile = join(dir, 'keys.json');
  writeFileSync(keysFile, JSON.stringify(entries));
  const threads = startJudgeThreads({ threads: 1, keysFile, topics });
  afterAll(async () => {
    await threads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('judge on a thread as on this one', async () => {
    const big = request({ body: Buffer.from(JSON.stringify(items.concat(items))) });
    const here = judgeRequest(big, key, topics);
    const there = await threads.judge(big);
    expect(there).toMatchObject({ received: 8, accepted: 4, rejected: 4 });
    expect(unpackRecords(there.records)).toEqual(unpackRecords(here.records));
    expect(there.itemsJson).toBe(here.itemsJson);
  });

  it('copy a body that shares its memory, so nothing else loses its bytes', async () => {
    const text = JSON.stringify([reading(0, own)]);
    const shared = new ArrayBuffer(Buffer.byteLength(text) + 4);
    const neighbour = Buffer.from(shared, 0, 4);
    neighbour.write('kept');
    const body = Buffer.from(shared, 4);
    body.write(text);
    expect((await threads.judge(request({ body }))).accepted).toBe(1);
    expect(neighbour.toString()).toBe('kept');
  });

  it('hand a body refused as a whole back as a BodyError', async () => {
    await expect(threads.judge(request({ body: Buffer.from('not json') }))).rejects.toMatchObject({
      name: 'BodyError',
      statusCode: 400,
      error: 'invalid_json',
    });
  });

  it('refuse a key the thread does not know', async () => {
    await expect(threads.judge(request({ keyId: 'gone' }))).rejects.toThrow(
      "API key 'gone' is not in",
    );
  });
});
