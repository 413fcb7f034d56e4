import { withUsccCheckCharacter } from '@carbon-account/accounting';
import { topicNames } from '@carbon-account/kafka';
import { describe, expect, it } from 'vitest';
import { apiKeysFrom, hashApiKey } from '../api-keys.js';
import { itemsFromJson, itemsFromNdjson } from './items.js';
import { judgeOutputs, judgeReadings } from './judge.js';

const own = withUsccCheckCharacter('91500237MA5U7T2K1');
const neighbour = withUsccCheckCharacter('91500237MA00000A0');
const elsewhere = withUsccCheckCharacter('91110000MA00000A0');
const keys = apiKeysFrom({
  keys: [
    { id: 'ent', kind: 'enterprise', sha256: hashApiKey('e'), orgs: [own] },
    { id: 'plat', kind: 'platform', sha256: hashApiKey('p'), regionPrefixes: ['500237'] },
  ],
});
const ctx = (key: string) => ({
  key: keys.find(key) ?? expect.unreachable(),
  requestId: 'req-1',
  topics: topicNames('t.'),
  now: () => '2025-04-01T00:00:00.000Z',
});
const reading = (orgId: string, extra: object = {}) => ({
  readingId: 'm1:2025-03-01T00:00+08:00',
  orgId,
  meterId: 'm1',
  source: 'enterprise',
  type: 'electricity',
  quantity: 10,
  unit: 'kWh',
  periodStart: '2025-03-01T00:00:00+08:00',
  periodEnd: '2025-03-01T01:00:00+08:00',
  ...extra,
});
const body = (items: unknown) => itemsFromJson(Buffer.from(JSON.stringify(items)));

describe('judgeReadings', () => {
  it('accepts valid readings as the contract message keyed by orgId', () => {
    const j = judgeReadings(body([reading(own)]), ctx('e'));
    expect(j.items).toEqual([
      { index: 0, status: 'accepted', readingId: 'm1:2025-03-01T00:00+08:00' },
    ]);
    expect(j.accepted).toHaveLength(1);
    expect(j.accepted[0]?.topic).toBe('t.energy.readings.v1');
    expect(j.accepted[0]?.key).toBe(own);
    expect(JSON.parse(j.accepted[0]?.value ?? '')).toEqual({
      ...reading(own),
      greenElectricityKWh: 0,
    });
  });

  it('refuses bad items with reasons and puts an envelope on the rejected topic', () => {
    const j = judgeReadings(body([reading(own), reading(own, { quantity: -1 })]), ctx('e'));
    expect(j.items[1]).toEqual({
      index: 1,
      status: 'rejected',
      readingId: 'm1:2025-03-01T00:00+08:00',
      orgId: own,
      errors: [{ path: 'quantity', message: 'expected a number ≥ 0, got -1' }],
    });
    const envelope = JSON.parse(j.rejected[0]?.value ?? '');
    expect(j.rejected[0]?.topic).toBe('t.energy.readings.rejected.v1');
    expect(envelope.source).toEqual({ kind: 'ingest-api', requestId: 'req-1', index: 1 });
    expect(envelope.reason).toBe('does not match energy.readings.v1');
    expect(JSON.parse(envelope.raw).quantity).toBe(-1);
    expect(j.rejectReasons).toEqual([{ reason: 'invalid', field: 'quantity' }]);
  });

  it('marks items for orgs the key may not submit for as forbidden', () => {
    const j = judgeReadings(body([reading(own), reading(neighbour)]), ctx('e'));
    expect(j.forbidden.map((f) => [f.index, f.orgId])).toEqual([[1, neighbour]]);
  });

  it('lets a platform key submit for every org registered under its region prefix, as platform', () => {
    const j = judgeReadings(
      body([
        reading(own, { source: 'platform' }),
        reading(neighbour, { source: 'platform' }),
        reading(own),
        reading(elsewhere, { source: 'platform' }),
      ]),
      ctx('p'),
    );
    expect(j.items.map((i) => i.status)).toEqual(['accepted', 'accepted', 'rejected']);
    expect(j.items[2]?.errors?.[0]?.message).toBe(
      'this API key may submit platform readings; got "enterprise"',
    );
    expect(j.forbidden.map((f) => f.orgId)).toEqual([elsewhere]);
  });

  it('reports NDJSON lines that are not JSON with their line number', () => {
    const ndjson = `${JSON.stringify(reading(own))}\n\n{"readingId": oops}\n`;
    const j = judgeReadings(itemsFromNdjson(Buffer.from(ndjson)), ctx('e'));
    expect(j.items.map((i) => [i.index, i.line, i.status])).toEqual([
      [0, 1, 'accepted'],
      [1, 3, 'rejected'],
    ]);
    expect(j.items[1]?.errors?.[0]?.message).toMatch(/^line 3 is not JSON/);
    expect(JSON.parse(j.rejected[0]?.value ?? '').raw).toBe('{"readingId": oops}');
  });
});

describe('judgeOutputs', () => {
  it('stamps reportedAt when the report has none and keeps it when it has', () => {
    const report = {
      orgId: own,
      month: '2025-03',
      outputValueCNY: 1e6,
      valueAddedCNY: 2e5,
      reportId: 'r1',
    };
    const j = judgeOutputs(
      body([report, { ...report, reportId: 'r2', reportedAt: '2025-04-02T00:00:00+08:00' }]),
      ctx('e'),
    );
    expect(j.accepted.map((m) => [m.topic, JSON.parse(m.value).reportedAt])).toEqual([
      ['t.org.outputs.v1', '2025-04-01T00:00:00.000Z'],
      ['t.org.outputs.v1', '2025-04-02T00:00:00+08:00'],
    ]);
    expect(j.items.map((i) => i.reportId)).toEqual(['r1', 'r2']);
  });
});
